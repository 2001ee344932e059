package dev.cascade.security.acl;

import dev.cascade.protocol.topic.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may publish and subscribe what, from a {@link Fleet}: the one model behind the mosquitto ACL file
 * ({@link MosquittoAcl}) and the embedded broker's authorizer. Rules:
 * <ul>
 *   <li>a device publishes only its own windows, escalations, batches (plain and deflated), acks and telemetry and
 *       subscribes only to its own commands and remote configuration; a gateway does the same for itself and the devices it serves, reads their windows and
 *       may send them its local commands;</li>
 *   <li>only the actuators role publishes commands to any device;</li>
 *   <li>only ingest reads escalations, batches and telemetry, and only through its shared-subscription group;
 *       only the actuators' group reads acks;</li>
 *   <li>over-the-air updates: a gateway reads only its own {@code ota-announce} and {@code ota-chunks} topics and
 *       publishes only on its own {@code ota-requests} and {@code ota-status}; only the models identity announces,
 *       sends chunks and reads requests and statuses;</li>
 *   <li>only an admin identity subscribes to {@code #} (read only);</li>
 *   <li>a client id belongs to the identity whose name it is, or whose name followed by {@code -} starts it (the
 *       longest such name wins), so no identity can take over another's session.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class AclModel {
    private static final List<Channel> DEVICE_SENDS = List.of(Channel.WINDOWS, Channel.ESCALATIONS,
            Channel.ESCALATION_BATCHES, Channel.ESCALATION_BATCHES_DEFLATE, Channel.ACKS, Channel.TELEMETRY);

    private final Fleet fleet;
    private final String prefix;
    private final Map<String, Principal> byName = new LinkedHashMap<>();
    private final Map<String, List<Grant>> grants = new LinkedHashMap<>();

    private AclModel(Fleet fleet) {
        this.fleet = fleet;
        String sample = fleet.topics().mqttFilter(Channel.WINDOWS);
        this.prefix = sample.substring(0, sample.length() - ("+/" + Channel.WINDOWS.segment()).length());
        for (Principal p : fleet.principals()) {
            List<Grant> own = Collections.unmodifiableList(grantsOf(p));
            for (String n : p.names()) {
                byName.put(n, p);
                grants.put(n, own);
            }
        }
    }

    /** The model of {@code fleet}. */
    public static AclModel of(Fleet fleet) {
        return new AclModel(fleet);
    }

    public Fleet fleet() {
        return fleet;
    }

    /** The identity named {@code name} (or one of its connection names {@code name-suffix}), if the fleet has it. */
    public Optional<Principal> principal(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** What {@code name} (an identity or one of its connection names) may do (empty for an unknown identity). */
    public List<Grant> grants(String name) {
        return grants.getOrDefault(name, List.of());
    }

    /** The identity a client id belongs to: the longest identity name equal to it or followed by {@code -} in it. */
    public Optional<Principal> ownerOfClientId(String clientId) {
        Principal best = null;
        for (Principal p : fleet.principals()) {
            boolean mine = clientId.equals(p.name()) || clientId.startsWith(p.name() + "-");
            if (mine && (best == null || p.name().length() > best.name().length())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code identity} may connect with {@code clientId}. */
    public Decision connect(String identity, String clientId) {
        Principal who = byName.get(identity);
        if (who == null) {
            return Decision.refuse("identity " + identity + " is not in the fleet list");
        }
        Optional<Principal> owner = ownerOfClientId(clientId);
        if (owner.isEmpty() || !owner.get().name().equals(who.name())) {
            return Decision.refuse("client id " + clientId + " belongs to " + owner.map(Principal::name).orElse("no identity")
                    + ", not to " + identity + " (use " + identity + " or " + identity + "-<suffix>)");
        }
        return Decision.allow("client id " + clientId + " belongs to " + identity);
    }

    /** Whether {@code identity} may publish on {@code topic}. */
    public Decision publish(String identity, String topic) {
        for (Grant g : grants(identity)) {
            if (g.access() == Access.PUBLISH && TopicMatch.matches(g.filter(), topic)) {
                return Decision.allow(identity + " may publish on " + g.filter());
            }
        }
        return Decision.refuse(identity + " may not publish on " + topic);
    }

    /** Whether {@code identity} may subscribe to {@code filter} (a {@code $share/group/...} filter too). */
    public Decision subscribe(String identity, String filter) {
        Optional<String> group = Optional.empty();
        String topicFilter = filter;
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            if (slash < 0) {
                return Decision.refuse(filter + " is not a shared subscription of the form $share/group/filter");
            }
            group = Optional.of(filter.substring("$share/".length(), slash));
            topicFilter = filter.substring(slash + 1);
        }
        if (!TopicMatch.validFilter(topicFilter)) {
            return Decision.refuse(filter + " is not a topic filter");
        }
        for (Grant g : grants(identity)) {
            if (g.access() == Access.SUBSCRIBE && g.shareGroup().equals(group) && TopicMatch.covers(g.filter(), topicFilter)) {
                return Decision.allow(identity + " may subscribe to " + g.shareGroup().map(s -> "$share/" + s + "/").orElse("")
                        + g.filter());
            }
        }
        return Decision.refuse(identity + " may not subscribe to " + filter);
    }

    /**
     * Every identity that may read a topic another role reads through its shared group, one sentence each (empty
     * when none). Such an identity could join that group on a broker that checks only deliveries, not the
     * {@code $share/<group>/} of a subscription (mosquitto's {@code acl_file}), and take a share of the role's
     * messages; identities of the same kind and group are the role itself and do not count.
     */
    public List<String> sharedGroupIntruders() {
        List<String> out = new ArrayList<>();
        for (Principal owner : fleet.principals()) {
            for (Grant shared : grants(owner.name())) {
                if (shared.shareGroup().isEmpty()) {
                    continue;
                }
                for (Principal other : fleet.principals()) {
                    if (other.kind() == owner.kind() && other.group().equals(owner.group())) {
                        continue;
                    }
                    for (Grant g : grants(other.name())) {
                        if (g.access() == Access.SUBSCRIBE && TopicMatch.overlap(g.filter(), shared.filter())) {
                            out.add(other.kind().word() + " " + other.name() + " may read " + g.filter() + ", which "
                                    + owner.kind().word() + " " + owner.name() + " reads through $share/"
                                    + shared.shareGroup().get() + "/" + shared.filter());
                        }
                    }
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private List<Grant> grantsOf(Principal p) {
        List<Grant> out = new ArrayList<>();
        switch (p.kind()) {
            case DEVICE -> {
                for (Channel c : DEVICE_SENDS) {
                    out.add(Grant.publish(topic(p.name(), c)));
                }
                out.add(Grant.subscribe(topic(p.name(), Channel.COMMANDS)));
                out.add(Grant.subscribe(topic(p.name(), Channel.CONFIG)));
            }
            case GATEWAY -> {
                List<String> speaksFor = new ArrayList<>();
                speaksFor.add(p.name());
                if (p.servesEveryDevice()) {
                    speaksFor = List.of("+");
                } else {
                    speaksFor.addAll(p.serves());
                }
                for (String d : speaksFor) {
                    for (Channel c : DEVICE_SENDS) {
                        out.add(Grant.publish(topic(d, c)));
                    }
                    out.add(Grant.publish(topic(d, Channel.COMMANDS)));
                    out.add(Grant.subscribe(topic(d, Channel.WINDOWS)));
                    out.add(Grant.subscribe(topic(d, Channel.COMMANDS)));
                    out.add(Grant.subscribe(topic(d, Channel.CONFIG)));
                }
                // Over-the-air model updates travel on the gateway's own topics only, never those of devices it serves.
                out.add(Grant.subscribe(topic(p.name(), Channel.OTA_ANNOUNCE)));
                out.add(Grant.subscribe(topic(p.name(), Channel.OTA_CHUNKS)));
                out.add(Grant.publish(topic(p.name(), Channel.OTA_REQUESTS)));
                out.add(Grant.publish(topic(p.name(), Channel.OTA_STATUS)));
            }
            case INGEST -> {
                String g = p.group().orElseThrow();
                // Not acks: those belong to the actuators' group alone (a second reader of a group's topic could join
                // that group on mosquitto, which does not bind groups to identities: sharedGroupIntruders()).
                for (Channel c : List.of(Channel.ESCALATIONS, Channel.ESCALATION_BATCHES, Channel.ESCALATION_BATCHES_DEFLATE,
                        Channel.TELEMETRY)) {
                    out.add(Grant.shared(g, topic("+", c)));
                }
            }
            case ACTUATORS -> {
                out.add(Grant.publish(topic("+", Channel.COMMANDS)));
                out.add(Grant.subscribe(topic("+", Channel.COMMANDS)));
                out.add(Grant.shared(p.group().orElseThrow(), topic("+", Channel.ACKS)));
            }
            case MODELS -> {
                out.add(Grant.publish(topic("+", Channel.OTA_ANNOUNCE)));
                out.add(Grant.publish(topic("+", Channel.OTA_CHUNKS)));
                out.add(Grant.subscribe(topic("+", Channel.OTA_REQUESTS)));
                out.add(Grant.subscribe(topic("+", Channel.OTA_STATUS)));
            }
            case ADMIN -> out.add(Grant.subscribe("#"));
        }
        return out;
    }

    private String topic(String device, Channel c) {
        return prefix + device + "/" + c.segment();
    }
}
