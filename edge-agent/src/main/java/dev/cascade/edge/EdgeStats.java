package dev.cascade.edge;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.escalation.EscalationReason;
import java.util.Map;

/**
 * What an edge agent has done.
 *
 * @param windows windows received from sensors
 * @param rejected windows refused (undecodable, foreign, stale, replayed, saturated, non-finite, not fitting their model)
 * @param decidedLocally windows the edge decided alone (confident normal or confident action)
 * @param idle of those, vibration windows of a machine at rest (not scored)
 * @param escalated windows sent to the cloud, by reason
 * @param localActions commands the edge sent itself
 * @param uplinkSent escalations the cloud broker has acknowledged
 * @param uplinkMessages MQTT messages used for them
 * @param uplinkBytes payload bytes used for them
 * @param uplinkBacklog escalations waiting to be sent
 * @param localActionP50Micros median time from a window's send time to the edge's command, in microseconds
 * @param localActionP99Micros 99th percentile of the same
 * @param rejectedByReason {@code rejected} by reason (every reason present)
 * @param workerRestarts times a worker died unexpectedly and was restarted by the agent's supervisor
 */
public record EdgeStats(long windows, long rejected, long decidedLocally, long idle, Map<EscalationReason, Long> escalated,
                        long localActions, long uplinkSent, long uplinkMessages, long uplinkBytes, long uplinkBacklog,
                        long localActionP50Micros, long localActionP99Micros,
                        Map<RejectReason, Long> rejectedByReason, long workerRestarts) {
    public EdgeStats {
        escalated = Map.copyOf(escalated);
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    public long escalatedTotal() {
        long t = 0;
        for (long v : escalated.values()) {
            t += v;
        }
        return t;
    }
}
