package dev.cascade.protocol.ota;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.model.ModelRef;
import java.time.Instant;

/**
 * The cloud's offer of a model version to one gateway, published retained on the gateway's {@code ota-announce}
 * topic: the agent fetches the bundle archive in chunks from its {@code ota-chunks} topic (JSON).
 *
 * @param model the model and version offered; it replaces the agent's bundle of the same name
 * @param size the bundle archive's size in bytes
 * @param sha256 lower-case hex SHA-256 of the whole archive
 * @param announcedAt when the cloud announced it
 */
@JsonPropertyOrder({"v", "model", "size", "sha256", "announcedAt"})
public record OtaAnnouncement(ModelRef model, long size, String sha256, Instant announcedAt) implements WireMessage {
    /** The largest archive an announcement may offer (64 MiB). */
    public static final long MAX_SIZE = 64L << 20;

    public OtaAnnouncement {
        Checks.notNull(model, "model");
        Checks.check(size > 0 && size <= MAX_SIZE, "size", "in [1, " + MAX_SIZE + "]", size);
        Checks.check(sha256 != null && sha256.matches("[0-9a-f]{64}"), "sha256", "64 lower-case hex digits",
                Checks.quote(sha256));
        announcedAt = Checks.micros(announcedAt, "announcedAt");
    }
}
