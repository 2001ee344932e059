package dev.cascade.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.infra.deploy.Manifests.Workload;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The deployment rules, each returning the violations it finds in rendered manifests (empty: all kept), so a
 * test can show that a broken manifest is caught and with which message.
 */
final class ManifestRules {
    static final Set<String> ROLES = Set.of("edge", "ingest", "infer", "actuate", "dashboard");
    private static final Pattern SECRET_ENV = Pattern.compile(".*(PASSWORD|JAAS|SECRET|TOKEN|_KEY)$");
    private static final String ESCALATIONS = Topics.DEFAULT.kafka(Channel.ESCALATIONS);

    private ManifestRules() {}

    /** Every rule at once. */
    static List<String> all(Manifests m) {
        List<String> v = new ArrayList<>();
        v.addAll(imagesPinned(m));
        v.addAll(probesOnOpsPort(m));
        v.addAll(resourcesSet(m));
        v.addAll(scalers(m));
        v.addAll(topicsForEveryChannel(m));
        v.addAll(secretsAsFiles(m));
        v.addAll(budgetsMatchWorkloads(m));
        v.addAll(logsAsJson(m));
        return v;
    }

    /** Every Cascade container logs JSON lines (CASCADE_LOG_FORMAT=json), for the cluster's log collector. */
    static List<String> logsAsJson(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : containers(w)) {
                if (role(c).isEmpty()) {
                    continue;
                }
                String format = null;
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getName().equals("CASCADE_LOG_FORMAT")) {
                        format = e.getValue();
                    }
                }
                if (!"json".equals(format)) {
                    v.add(w.name() + "/" + c.getName() + ": env CASCADE_LOG_FORMAT must be json, was " + format);
                }
            }
        }
        return v;
    }

    static List<String> imagesPinned(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : containers(w)) {
                String image = c.getImage();
                String tag = image == null ? "" : tagOf(image);
                if (image == null || image.isBlank()) {
                    v.add(w.name() + "/" + c.getName() + ": image must be set, was " + image);
                } else if (!image.contains("@sha256:") && (tag.isEmpty() || tag.equals("latest"))) {
                    v.add(w.name() + "/" + c.getName() + ": image must be pinned to a tag other than latest, was " + image);
                }
            }
        }
        return v;
    }

    static List<String> probesOnOpsPort(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads()) {
            // init containers run to completion and may not have probes
            for (Container c : w.pod().getContainers()) {
                Optional<String> role = role(c);
                if (role.isEmpty()) {
                    if (c.getReadinessProbe() == null || c.getLivenessProbe() == null) {
                        v.add(w.name() + "/" + c.getName() + ": readiness and liveness probes must be set");
                    }
                    continue;
                }
                JsonNode config = config(m, w, c, role.get());
                if (config.isMissingNode()) {
                    v.add(w.name() + ": config must be a mounted ConfigMap key " + role.get() + ".yaml, was missing");
                    continue;
                }
                int opsPort = setting(c, config, role.get(), "ops.port").map(Integer::parseInt).orElse(-1);
                String host = setting(c, config, role.get(), "ops.host").orElse("127.0.0.1");
                if (!host.equals("0.0.0.0")) {
                    v.add(w.name() + ": " + role.get() + ".ops.host must be 0.0.0.0 for the kubelet's probes, was " + host);
                }
                v.addAll(probe(w, c, "readinessProbe", c.getReadinessProbe(), "/health/ready", opsPort));
                v.addAll(probe(w, c, "livenessProbe", c.getLivenessProbe(), "/health/live", opsPort));
            }
        }
        return v;
    }

    private static List<String> probe(Workload w, Container c, String which, Probe p, String path, int opsPort) {
        String at = w.name() + "/" + c.getName() + ": " + which;
        if (p == null || p.getHttpGet() == null) {
            return List.of(at + " must be an httpGet on " + path + ", was " + p);
        }
        HTTPGetAction get = p.getHttpGet();
        List<String> v = new ArrayList<>();
        if (!path.equals(get.getPath())) {
            v.add(at + " path must be " + path + ", was " + get.getPath());
        }
        int port = port(c, get.getPort());
        if (port != opsPort) {
            v.add(at + " port must be the role's ops.port " + opsPort + ", was " + port);
        }
        return v;
    }

    static List<String> resourcesSet(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : containers(w)) {
                ResourceRequirements r = c.getResources();
                for (String kind : List.of("requests", "limits")) {
                    Map<String, Quantity> q = r == null ? null : kind.equals("requests") ? r.getRequests() : r.getLimits();
                    for (String res : List.of("cpu", "memory")) {
                        if (q == null || q.get(res) == null) {
                            v.add(w.name() + "/" + c.getName() + ": resources." + kind + "." + res + " must be set, was missing");
                        }
                    }
                }
            }
        }
        return v;
    }

    static List<String> scalers(Manifests m) {
        List<String> v = new ArrayList<>();
        List<GenericKubernetesResource> scalers = m.custom("ScaledObject");
        boolean wakesOnOne = false;
        for (GenericKubernetesResource so : scalers) {
            String at = "ScaledObject " + so.getMetadata().getName();
            Map<String, Object> spec = so.get("spec");
            String target = String.valueOf(((Map<?, ?>) spec.get("scaleTargetRef")).get("name"));
            Optional<Workload> w = m.workload(target);
            if (w.isEmpty() || !w.get().kind().equals("Deployment")) {
                v.add(at + ": scaleTargetRef must name a Deployment, was " + target);
                continue;
            }
            if (!Integer.valueOf(0).equals(spec.get("minReplicaCount"))) {
                v.add(at + ": minReplicaCount must be 0, was " + spec.get("minReplicaCount"));
            }
            Object max = spec.get("maxReplicaCount");
            Optional<Integer> partitions = partitions(m, ESCALATIONS);
            if (partitions.isEmpty() || !partitions.get().equals(max)) {
                v.add(at + ": maxReplicaCount must equal the partitions of " + ESCALATIONS + " (" + partitions.orElse(null)
                        + "), was " + max);
            }
            Container c = containers(w.get()).get(0);
            String group = setting(c, config(m, w.get(), c, "infer"), "infer", "group").orElse("cloud-infer");
            for (Object t : (List<?>) spec.get("triggers")) {
                Map<?, ?> trigger = (Map<?, ?>) t;
                Map<?, ?> md = (Map<?, ?>) trigger.get("metadata");
                if (!"kafka".equals(trigger.get("type")) || !ESCALATIONS.equals(md.get("topic"))
                        || !group.equals(md.get("consumerGroup"))) {
                    v.add(at + ": trigger must be kafka on " + ESCALATIONS + " for group " + group + ", was "
                            + trigger.get("type") + " on " + md.get("topic") + " for " + md.get("consumerGroup"));
                }
                if ("0".equals(String.valueOf(md.get("activationLagThreshold")))) {
                    wakesOnOne = true;
                }
            }
        }
        if (!scalers.isEmpty() && !wakesOnOne) {
            v.add("ScaledObject: one scaler must have activationLagThreshold 0 so a single record wakes a worker, none had");
        }
        return v;
    }

    static List<String> topicsForEveryChannel(Manifests m) {
        if (m.custom("Kafka").isEmpty()) {
            return List.of();
        }
        Set<String> declared = new TreeSet<>();
        for (GenericKubernetesResource t : m.custom("KafkaTopic")) {
            Map<String, Object> spec = t.get("spec");
            declared.add(String.valueOf(spec.getOrDefault("topicName", t.getMetadata().getName())));
        }
        Set<String> wanted = new TreeSet<>(Topics.DEFAULT.allKafka());
        List<String> v = new ArrayList<>();
        if (!declared.equals(wanted)) {
            v.add("KafkaTopic: topics must be the Kafka channels of Channel.java " + wanted + ", was " + declared);
        }
        return v;
    }

    static List<String> secretsAsFiles(Manifests m) {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : containers(w)) {
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        v.add(w.name() + ": env " + e.getName() + " must not come from a Secret (mount it as a file), was "
                                + e.getValueFrom().getSecretKeyRef().getName());
                    } else if (SECRET_ENV.matcher(e.getName()).matches()) {
                        v.add(w.name() + ": env " + e.getName() + " must not carry a secret (use its -file key), was set");
                    }
                    if (e.getName().endsWith("_FILE") && e.getValue() != null && !mountedFromSecret(w, c, e.getValue())) {
                        v.add(w.name() + ": env " + e.getName() + " must point into a mounted Secret, was " + e.getValue());
                    }
                }
                role(c).ifPresent(role -> fileKeys(config(m, w, c, role), role, (key, path) -> {
                    if (key.endsWith("password-file") || key.endsWith("jaas-file") || key.endsWith("key-file")) {
                        if (!mountedFromSecret(w, c, path)) {
                            v.add(w.name() + ": " + key + " must point into a mounted Secret, was " + path);
                        }
                    }
                }));
            }
        }
        return v;
    }

    static List<String> budgetsMatchWorkloads(Manifests m) {
        List<String> v = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (PodDisruptionBudget b : m.budgets()) {
            Map<String, String> sel = b.getSpec().getSelector().getMatchLabels();
            List<Workload> hits = m.workloads().stream()
                    .filter(w -> w.podLabels() != null && w.podLabels().entrySet().containsAll(sel.entrySet())).toList();
            if (hits.size() != 1) {
                v.add("PodDisruptionBudget " + b.getMetadata().getName() + ": selector must match one workload's pods, "
                        + "was " + sel + " matching " + hits.stream().map(Workload::name).toList());
            } else {
                covered.add(hits.get(0).name());
            }
        }
        for (Workload w : m.workloads()) {
            if (!covered.contains(w.name())) {
                v.add(w.name() + ": must have a PodDisruptionBudget, was none");
            }
        }
        return v;
    }

    // ---- reading the manifests

    static List<Container> containers(Workload w) {
        List<Container> all = new ArrayList<>(w.pod().getContainers());
        if (w.pod().getInitContainers() != null) {
            all.addAll(w.pod().getInitContainers());
        }
        return all;
    }

    /** The Cascade role a container runs ({@code cascade <role> --config FILE}), if it is one. */
    static Optional<String> role(Container c) {
        List<String> args = c.getArgs();
        return args != null && !args.isEmpty() && ROLES.contains(args.get(0)) ? Optional.of(args.get(0)) : Optional.empty();
    }

    /** The role's config as the container sees it: the ConfigMap key its --config file is mounted from. */
    static JsonNode config(Manifests m, Workload w, Container c, String role) {
        List<String> args = c.getArgs();
        int i = args.indexOf("--config");
        if (i < 0 || i + 1 >= args.size()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        String file = args.get(i + 1);
        for (VolumeMount vm : c.getVolumeMounts()) {
            if (file.startsWith(vm.getMountPath() + "/")) {
                String key = file.substring(vm.getMountPath().length() + 1);
                Optional<ConfigMap> cm = volume(w, vm.getName()).filter(vol -> vol.getConfigMap() != null)
                        .flatMap(vol -> m.configMap(vol.getConfigMap().getName()));
                if (cm.isPresent() && cm.get().getData().containsKey(key)) {
                    try {
                        return Kustomization.YAML.readTree(cm.get().getData().get(key)).path(role);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A config value as the role reads it: its CASCADE_ environment variable first, then the file. */
    static Optional<String> setting(Container c, JsonNode config, String role, String keyPath) {
        String env = "CASCADE_" + (role + "." + keyPath).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                if (e.getName().equals(env) && e.getValue() != null) {
                    return Optional.of(e.getValue());
                }
            }
        }
        JsonNode n = config;
        for (String part : keyPath.split("\\.")) {
            n = n.path(part);
        }
        return n.isValueNode() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static void fileKeys(JsonNode n, String prefix, java.util.function.BiConsumer<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                fileKeys(e.getValue(), key, out);
            } else if (e.getKey().endsWith("-file")) {
                out.accept(key, e.getValue().asText());
            }
        }
    }

    private static boolean mountedFromSecret(Workload w, Container c, String path) {
        for (VolumeMount vm : c.getVolumeMounts()) {
            if (path.startsWith(vm.getMountPath() + "/")
                    && volume(w, vm.getName()).map(ManifestRules::onlySecrets).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** A Secret volume, or a projected one whose every source is a Secret. */
    private static boolean onlySecrets(Volume vol) {
        if (vol.getSecret() != null) {
            return true;
        }
        return vol.getProjected() != null && !vol.getProjected().getSources().isEmpty()
                && vol.getProjected().getSources().stream().allMatch(s -> s.getSecret() != null);
    }

    private static Optional<Volume> volume(Workload w, String name) {
        return w.pod().getVolumes() == null ? Optional.empty()
                : w.pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    private static int port(Container c, IntOrString port) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        for (ContainerPort p : c.getPorts()) {
            if (port.getStrVal().equals(p.getName())) {
                return p.getContainerPort();
            }
        }
        return -1;
    }

    /** The partitions of {@code topic}: its KafkaTopic, or (external Kafka) what ingest creates it with. */
    static Optional<Integer> partitions(Manifests m, String topic) {
        for (GenericKubernetesResource t : m.custom("KafkaTopic")) {
            Map<String, Object> spec = t.get("spec");
            if (topic.equals(spec.getOrDefault("topicName", t.getMetadata().getName()))) {
                return Optional.of(((Number) spec.get("partitions")).intValue());
            }
        }
        return m.workloads().stream().flatMap(w -> containers(w).stream())
                .filter(c -> role(c).filter("ingest"::equals).isPresent())
                .flatMap(c -> setting(c, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), "ingest",
                        "create-topics.partitions").stream())
                .map(Integer::valueOf).findFirst();
    }

    private static String tagOf(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : "";
    }
}
