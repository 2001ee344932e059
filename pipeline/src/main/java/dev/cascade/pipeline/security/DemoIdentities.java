package dev.cascade.pipeline.security;

import dev.cascade.infra.mqtt.security.BrokerSecurity;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.Principal;
import dev.cascade.transport.mqtt.MqttSettings;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identities of a one-JVM pipeline on its embedded broker: its edge gateway (speaking for every simulated
 * device), ingest, the actuators and the simulated fleet, each with a random password made for this run only (never
 * written anywhere), under the same ACL model as the multi-process layout. Password identities, not certificates:
 * every client is in this JVM on loopback, so TLS would only cost start-up time. Immutable.
 */
public final class DemoIdentities {
    /** The simulated fleet's identity (its connections' client ids are {@code cascade-sim-N}). */
    public static final String SIMULATOR = "cascade-sim";

    private final Map<String, String> passwords;
    private final AclModel model;

    private DemoIdentities(Topics topics, String gateway, String ingest, String actuators, String actuatorsGroup) {
        SecureRandom random = new SecureRandom();
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : List.of(gateway, ingest, actuators, SIMULATOR)) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            p.put(name, HexFormat.of().formatHex(b));
        }
        this.passwords = Map.copyOf(p);
        this.model = AclModel.of(new Fleet(topics, List.of(Principal.gateway(gateway, List.of(Principal.EVERY_DEVICE)),
                Principal.ingest(ingest, "ingest"), Principal.actuators(actuators, actuatorsGroup),
                Principal.gateway(SIMULATOR, List.of(Principal.EVERY_DEVICE)))));
    }

    /** Identities for the pipeline's roles named as given. */
    public static DemoIdentities of(Topics topics, String gateway, String ingest, String actuators, String actuatorsGroup) {
        return new DemoIdentities(topics, gateway, ingest, actuators, actuatorsGroup);
    }

    /** What the embedded broker enforces. */
    public BrokerSecurity brokerSecurity() {
        return BrokerSecurity.passwords(model, passwords);
    }

    /** {@code settings} logged in as {@code identity}. */
    public MqttSettings login(MqttSettings settings, String identity) {
        String pw = passwords.get(identity);
        if (pw == null) {
            throw new IllegalArgumentException("identity must be one of " + passwords.keySet() + ", was " + identity);
        }
        return settings.withCredentials(identity, pw);
    }

    /** The password of {@code identity} for a client this pipeline does not build itself (the simulated fleet). */
    public String password(String identity) {
        String pw = passwords.get(identity);
        if (pw == null) {
            throw new IllegalArgumentException("identity must be one of " + passwords.keySet() + ", was " + identity);
        }
        return pw;
    }

    public AclModel model() {
        return model;
    }

    @Override
    public String toString() {
        return "DemoIdentities" + passwords.keySet();
    }
}
