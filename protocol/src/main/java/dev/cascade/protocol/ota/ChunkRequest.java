package dev.cascade.protocol.ota;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.model.ModelRef;

/**
 * A gateway's request for one piece of an announced archive, on its own {@code ota-requests} topic (JSON): the
 * agent asks from the offset it has staged, so a transfer resumes where it stopped.
 *
 * @param model the model and version whose archive is fetched
 * @param offset the first byte wanted
 * @param length how many bytes at most
 */
@JsonPropertyOrder({"v", "model", "offset", "length"})
public record ChunkRequest(ModelRef model, long offset, int length) implements WireMessage {
    /** The largest chunk a request may ask for (512 KiB). */
    public static final int MAX_LENGTH = 512 * 1024;

    public ChunkRequest {
        Checks.notNull(model, "model");
        Checks.check(offset >= 0 && offset < OtaAnnouncement.MAX_SIZE, "offset", "in [0, " + OtaAnnouncement.MAX_SIZE + ")",
                offset);
        Checks.check(length > 0 && length <= MAX_LENGTH, "length", "in [1, " + MAX_LENGTH + "]", length);
    }
}
