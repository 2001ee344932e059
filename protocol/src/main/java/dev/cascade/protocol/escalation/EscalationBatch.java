package dev.cascade.protocol.escalation;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.protocol.WireMessage;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.window.DeviceId;
import java.util.List;

/**
 * Several escalations sent as one message, to save uplink overhead; ingest splits it into one Kafka
 * record per escalation.
 *
 * @param gatewayId the edge agent that sent the batch
 * @param escalations 1 to {@link #MAX_SIZE} escalations
 */
@JsonPropertyOrder({"v", "gatewayId", "escalations"})
public record EscalationBatch(DeviceId gatewayId, List<Escalation> escalations) implements WireMessage {
    /** The most escalations one batch may carry. */
    public static final int MAX_SIZE = 256;

    public EscalationBatch {
        Checks.notNull(gatewayId, "gatewayId");
        Checks.notNull(escalations, "escalations");
        Checks.check(!escalations.isEmpty() && escalations.size() <= MAX_SIZE, "escalations.size",
                "in [1, " + MAX_SIZE + "]", escalations.size());
        for (int i = 0; i < escalations.size(); i++) {
            Checks.notNull(escalations.get(i), "escalations[" + i + "]");
        }
        escalations = List.copyOf(escalations);
    }
}
