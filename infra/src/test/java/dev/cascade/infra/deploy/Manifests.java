package dev.cascade.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A rendered kustomization as typed fabric8 objects: built-in kinds typed, Strimzi and KEDA ones generic. */
record Manifests(List<Workload> workloads, List<ConfigMap> configMaps, List<Service> services,
                 List<PodDisruptionBudget> budgets, List<GenericKubernetesResource> custom) {

    /** A Deployment or StatefulSet, by what the checks need of it ({@code replicas} 1 when the manifest sets none). */
    record Workload(String kind, String name, Map<String, String> podLabels, Map<String, String> selector, PodSpec pod,
                    int replicas) {}

    static Manifests render(Path kustomizationDir) {
        return of(Kustomization.render(kustomizationDir));
    }

    static Manifests of(List<ObjectNode> objects) {
        List<Workload> workloads = new ArrayList<>();
        List<ConfigMap> configMaps = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<PodDisruptionBudget> budgets = new ArrayList<>();
        List<GenericKubernetesResource> custom = new ArrayList<>();
        for (ObjectNode o : objects) {
            String kind = o.path("kind").asText();
            switch (kind) {
                case "Deployment" -> {
                    Deployment d = typed(o, Deployment.class);
                    workloads.add(new Workload(kind, d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels(),
                            d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getSpec(),
                            d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()));
                }
                case "StatefulSet" -> {
                    StatefulSet s = typed(o, StatefulSet.class);
                    workloads.add(new Workload(kind, s.getMetadata().getName(), s.getSpec().getTemplate().getMetadata().getLabels(),
                            s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate().getSpec(),
                            s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
                }
                case "ConfigMap" -> configMaps.add(typed(o, ConfigMap.class));
                case "Service" -> services.add(typed(o, Service.class));
                case "PodDisruptionBudget" -> budgets.add(typed(o, PodDisruptionBudget.class));
                case "Namespace" -> { }
                default -> custom.add(typed(o, GenericKubernetesResource.class));
            }
        }
        return new Manifests(workloads, configMaps, services, budgets, custom);
    }

    private static <T> T typed(JsonNode o, Class<T> type) {
        try {
            return Kustomization.YAML.treeToValue(o, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid " + type.getSimpleName() + ": " + Kustomization.name(o), e);
        }
    }

    Optional<Workload> workload(String name) {
        return workloads.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    Optional<ConfigMap> configMap(String name) {
        return configMaps.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return custom.stream().filter(c -> c.getKind().equals(kind)).toList();
    }
}
