package dev.cascade.cli.layout;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The escalation ids the edge sent (as a plain, non-shared MQTT subscriber sees them, single and batched), with the
 * device of each; compares them with what Kafka holds. Thread-safe.
 */
final class EscalationLedger {
    private final Topics topics;
    private final Map<String, String> deviceById = new LinkedHashMap<>();
    private final Map<String, Integer> sentCount = new LinkedHashMap<>();
    private final List<String> undecodable = new ArrayList<>();
    private int singles;
    private int batches;

    EscalationLedger(Topics topics) {
        this.topics = topics;
    }

    /** Records one MQTT message from the escalation or escalation-batch filter. */
    synchronized void record(String topic, byte[] payload) {
        Channel channel = topics.parseMqtt(topic).map(Topics.Route::channel).orElse(null);
        if (channel == Channel.ESCALATIONS) {
            Decoded<Escalation> d = Codecs.escalation().decode(payload);
            d.value().ifPresentOrElse(e -> { singles++; add(e); }, () -> undecodable.add(topic));
        } else if (channel == Channel.ESCALATION_BATCHES) {
            Decoded<EscalationBatch> d = Codecs.escalationBatch().decode(payload);
            d.value().ifPresentOrElse(b -> { batches++; b.escalations().forEach(this::add); }, () -> undecodable.add(topic));
        } else {
            undecodable.add(topic);
        }
    }

    private void add(Escalation e) {
        String id = e.window().correlationId().value();
        deviceById.put(id, e.window().deviceId().value());
        sentCount.merge(id, 1, Integer::sum);
    }

    synchronized int size() {
        return deviceById.size();
    }

    synchronized Set<String> ids() {
        return new LinkedHashSet<>(deviceById.keySet());
    }

    synchronized Set<String> idsOf(String device) {
        Set<String> out = new LinkedHashSet<>();
        deviceById.forEach((id, d) -> {
            if (d.equals(device)) {
                out.add(id);
            }
        });
        return out;
    }

    /** The ids the edge sent that are not among {@code seen}, in the order they were sent, with their device. */
    synchronized Map<String, String> missingFrom(Collection<String> seen) {
        Set<String> have = Set.copyOf(seen);
        Map<String, String> out = new LinkedHashMap<>();
        deviceById.forEach((id, d) -> {
            if (!have.contains(id)) {
                out.put(id, d);
            }
        });
        return out;
    }

    synchronized List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    synchronized String summary() {
        long resent = sentCount.values().stream().filter(n -> n > 1).count();
        return deviceById.size() + " escalation ids sent by the edge (" + singles + " single messages, " + batches
                + " batches, " + resent + " ids sent more than once)";
    }

    /** How often each id occurs more than once in {@code ids}: the duplicates of an at-least-once topic. */
    static Map<String, Integer> duplicates(List<String> ids) {
        Map<String, Integer> count = new TreeMap<>();
        ids.forEach(id -> count.merge(id, 1, Integer::sum));
        count.values().removeIf(n -> n < 2);
        return count;
    }
}
