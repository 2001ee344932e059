package dev.cascade.protocol.ota;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.model.ModelRef;
import java.util.Arrays;

/**
 * One piece of an archive, sent to a gateway's {@code ota-chunks} topic in answer to a {@link ChunkRequest} (CBOR).
 *
 * @param model the model and version the archive holds
 * @param offset where {@code data} starts in the archive
 * @param size the whole archive's size
 * @param data the bytes (a copy is kept and handed out)
 */
@JsonPropertyOrder({"v", "model", "offset", "size", "data"})
public record ModelChunk(ModelRef model, long offset, long size, byte[] data) implements WireMessage {
    public ModelChunk {
        Checks.notNull(model, "model");
        Checks.check(size > 0 && size <= OtaAnnouncement.MAX_SIZE, "size", "in [1, " + OtaAnnouncement.MAX_SIZE + "]", size);
        Checks.check(offset >= 0 && offset < size, "offset", "in [0, size " + size + ")", offset);
        Checks.notNull(data, "data");
        Checks.check(data.length > 0 && data.length <= ChunkRequest.MAX_LENGTH, "data", "1-" + ChunkRequest.MAX_LENGTH
                + " bytes", data.length);
        Checks.check(offset + data.length <= size, "data", "ending within the archive (size " + size + ")",
                offset + data.length);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The number of bytes carried. */
    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelChunk c && c.model.equals(model) && c.offset == offset && c.size == size
                && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return (model.hashCode() * 31 + Long.hashCode(offset)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ModelChunk[" + model + " " + offset + "+" + data.length + " of " + size + "]";
    }
}
