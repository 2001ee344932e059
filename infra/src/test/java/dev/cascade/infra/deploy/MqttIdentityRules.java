package dev.cascade.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.infra.deploy.Manifests.Workload;
import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Kind;
import dev.cascade.security.acl.MosquittoAcl;
import dev.cascade.security.acl.MosquittoDynsec;
import dev.cascade.security.acl.Principal;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MQTT identities of the manifests against the cluster's fleet list: mosquitto binds client ids to certificate
 * CNs and reads the ACL generated from the list, and every client id a role's pod will use has its certificate and
 * key mounted and an identity of the role's kind (so an ACL entry) in the list. Each rule gives one sentence.
 */
final class MqttIdentityRules {
    static final String CLIENT_ID = "{client-id}";
    private static final Map<String, Kind> KIND_OF_ROLE = Map.of("ingest", Kind.INGEST, "actuate", Kind.ACTUATORS);
    private static final List<String> BROKER_LINES = List.of("require_certificate true", "use_identity_as_username true",
            "use_username_as_clientid true", "allow_anonymous false", "plugin /usr/lib/mosquitto_dynamic_security.so",
            "plugin_opt_config_file /mosquitto/dynsec/dynamic-security.json");

    private MqttIdentityRules() {}

    /** Every violation in {@code m} against the fleet model {@code fleet}. */
    static List<String> all(Manifests m, AclModel fleet) {
        List<String> v = new ArrayList<>(broker(m, fleet));
        v.addAll(clientIds(m, fleet));
        return v;
    }

    /** mosquitto's ConfigMap: the listener settings that bind identities, and exactly the generated ACL and dynsec file. */
    static List<String> broker(Manifests m, AclModel fleet) {
        Optional<ConfigMap> cm = m.configMap("mosquitto");
        if (cm.isEmpty()) {
            return List.of("ConfigMap mosquitto: must exist, was missing");
        }
        List<String> v = new ArrayList<>();
        String conf = cm.get().getData().getOrDefault("mosquitto.conf", "");
        List<String> lines = conf.lines().map(String::trim).toList();
        for (String want : BROKER_LINES) {
            if (!lines.contains(want)) {
                v.add("ConfigMap mosquitto: mosquitto.conf must contain '" + want + "', was without it");
            }
        }
        if (!MosquittoAcl.render(fleet).equals(cm.get().getData().get("acl"))) {
            v.add("ConfigMap mosquitto: acl must be the ACL generated from infra/k8s/fleet.txt, was different"
                    + " (./cascade certs --fleet infra/k8s/fleet.txt --acl-only infra/k8s/base/mosquitto/acl)");
        }
        if (!MosquittoDynsec.render(fleet).equals(cm.get().getData().get("dynamic-security.json"))) {
            v.add("ConfigMap mosquitto: dynamic-security.json must be the configuration generated from infra/k8s/fleet.txt,"
                    + " was different (./cascade certs --fleet infra/k8s/fleet.txt --dynsec"
                    + " infra/k8s/base/mosquitto/dynamic-security.json)");
        }
        return v;
    }

    /** Each MQTT client id of each pod of each role: a StatefulSet's pod name, a certificate mounted, an identity. */
    static List<String> clientIds(Manifests m, AclModel fleet) {
        List<String> v = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : ManifestRules.containers(w)) {
                Optional<String> role = ManifestRules.role(c);
                if (role.isEmpty()) {
                    continue;
                }
                JsonNode config = ManifestRules.config(m, w, c, role.get());
                if (config.path("mqtt").isMissingNode()) {
                    continue;
                }
                String at = w.name() + "/" + c.getName();
                if (!w.kind().equals("StatefulSet")) {
                    v.add(at + ": a role with MQTT must run as a StatefulSet (pod names, so client ids, known in advance), was a "
                            + w.kind());
                    continue;
                }
                for (int ordinal = 0; ordinal < w.replicas(); ordinal++) {
                    String pod = w.name() + "-" + ordinal;
                    Optional<String> clientId = clientId(c, config, role.get(), pod);
                    if (clientId.isEmpty()) {
                        v.add(at + ": mqtt.client-id must be set (from the pod name), was unset");
                        break;
                    }
                    for (String id : connections(c, config, role.get(), clientId.get())) {
                        v.addAll(identity(w, c, config, role.get(), fleet, at, id));
                    }
                }
            }
        }
        return v;
    }

    /** The client ids one process of {@code role} opens, from its configured client id. */
    static List<String> connections(Container c, JsonNode config, String role, String clientId) {
        List<String> ids = new ArrayList<>(List.of(clientId, clientId + "-probe"));
        if (role.equals("actuate")) {
            int acks = Integer.parseInt(ManifestRules.setting(c, config, role, "ack-connections").orElse("4"));
            for (int i = 0; i < acks; i++) {
                ids.add(clientId + "-acks-" + i);
            }
            boolean alarms = !ManifestRules.setting(c, config, role, "alarms.enabled").orElse("true").equals("false");
            if (alarms && ManifestRules.setting(c, config, role, "alarms.mqtt.enabled").orElse("false").equals("true")) {
                String instance = ManifestRules.setting(c, config, role, "instance-id").orElse(clientId);
                ids.add(instance + "-alarms");
            }
        }
        return ids;
    }

    private static List<String> identity(Workload w, Container c, JsonNode config, String role, AclModel fleet, String at,
                                         String id) {
        List<String> v = new ArrayList<>();
        Optional<Principal> p = fleet.principal(id);
        Kind kind = KIND_OF_ROLE.get(role);
        if (p.isEmpty()) {
            v.add(at + ": client id " + id + " must be an identity of infra/k8s/fleet.txt (no ACL entry), was missing");
        } else if (kind != null && p.get().kind() != kind) {
            v.add(at + ": client id " + id + " must be a " + kind.word() + " identity, was a " + p.get().kind().word());
        }
        for (String key : List.of("cert-file", "key-file")) {
            Optional<String> template = ManifestRules.setting(c, config, role, "mqtt.tls." + key);
            if (template.isEmpty()) {
                v.add(at + ": mqtt.tls." + key + " must be set, was unset");
                continue;
            }
            if (!template.get().contains(CLIENT_ID)) {
                v.add(at + ": mqtt.tls." + key + " must contain " + CLIENT_ID + " (a certificate per connection), was "
                        + template.get());
                continue;
            }
            String path = template.get().replace(CLIENT_ID, id);
            if (!mountedSecretItem(w, c, path)) {
                v.add(at + ": " + path + " (mqtt.tls." + key + " of " + id + ") must be an item of a mounted Secret, was not");
            }
        }
        return v;
    }

    private static Optional<String> clientId(Container c, JsonNode config, String role, String pod) {
        String env = "CASCADE_" + role.toUpperCase(java.util.Locale.ROOT) + "_MQTT_CLIENT_ID";
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getName().equals(env)) {
                if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                        && "metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath())) {
                    return Optional.of(pod);
                }
                return Optional.ofNullable(e.getValue());
            }
        }
        return ManifestRules.setting(c, config, role, "mqtt.client-id");
    }

    /** Whether {@code path} is a file a Secret volume mounted in {@code c} lists among its items. */
    private static boolean mountedSecretItem(Workload w, Container c, String path) {
        for (VolumeMount vm : c.getVolumeMounts()) {
            if (!path.startsWith(vm.getMountPath() + "/")) {
                continue;
            }
            String rel = path.substring(vm.getMountPath().length() + 1);
            for (Volume vol : w.pod().getVolumes()) {
                if (vol.getName().equals(vm.getName()) && vol.getSecret() != null && vol.getSecret().getItems() != null) {
                    for (KeyToPath item : vol.getSecret().getItems()) {
                        if (item.getPath().equals(rel)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
