package dev.cascade.edge;

import dev.cascade.protocol.escalation.EscalationReason;
import java.util.Map;

/**
 * What an edge agent has done.
 *
 * @param windows windows received from sensors
 * @param rejected windows refused (undecodable, or not fitting their model)
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
 */
public record EdgeStats(long windows, long rejected, long decidedLocally, long idle, Map<EscalationReason, Long> escalated,
                        long localActions, long uplinkSent, long uplinkMessages, long uplinkBytes, long uplinkBacklog,
                        long localActionP50Micros, long localActionP99Micros) {
    public long escalatedTotal() {
        long t = 0;
        for (long v : escalated.values()) {
            t += v;
        }
        return t;
    }
}
