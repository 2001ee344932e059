package dev.cascade.dashboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.window.DeviceId;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads what the dashboard needs from a telemetry record (JSON with {@code deviceId}, and when present {@code at}
 * or {@code sentAt} and {@code model}) without depending on the full heartbeat schema. Never throws.
 */
final class TelemetryDecoder {
    record Heartbeat(String deviceId, Instant at, String model) {}

    /** A heartbeat, or a rejection. */
    sealed interface Result {}

    record Ok(Heartbeat heartbeat) implements Result {}

    record Bad(Rejection rejection) implements Result {}

    private static final ObjectMapper JSON = new ObjectMapper(Codecs.jsonFactory());

    private TelemetryDecoder() {}

    static Result decode(byte[] bytes, Instant recordTime) {
        if (bytes == null || bytes.length == 0) {
            return new Bad(new Rejection(RejectReason.EMPTY, "telemetry record is empty"));
        }
        if (bytes.length > Codecs.MAX_JSON_BYTES) {
            return new Bad(new Rejection(RejectReason.OVERSIZE, "telemetry must be at most " + Codecs.MAX_JSON_BYTES
                    + " bytes, was " + bytes.length));
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            JsonNode id = n == null ? null : n.get("deviceId");
            if (id == null || !id.isTextual()) {
                return new Bad(new Rejection(RejectReason.INVALID, "deviceId must be a string, was " + id));
            }
            DeviceId device = DeviceId.of(id.asText());
            Instant at = recordTime;
            for (String f : new String[] {"at", "sentAt", "timestamp"}) {
                JsonNode t = n.get(f);
                if (t != null && t.isTextual()) {
                    at = Instant.parse(t.asText());
                    break;
                }
            }
            JsonNode model = n.get("model");
            String m = model == null ? "" : model.isTextual() ? model.asText()
                    : model.has("name") ? model.get("name").asText() + "@" + model.path("version").asText() : "";
            return new Ok(new Heartbeat(device.value(), at, m.length() > 100 ? m.substring(0, 100) : m));
        } catch (IOException e) {
            return new Bad(new Rejection(RejectReason.MALFORMED, "telemetry is not JSON: " + e.getMessage()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new Bad(new Rejection(RejectReason.INVALID, e.getMessage()));
        }
    }
}
