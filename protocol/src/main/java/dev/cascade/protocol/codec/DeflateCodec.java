package dev.cascade.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Another codec's bytes compressed with the JDK's Deflate (zlib format): no native library, on every JVM,
 * including a Raspberry Pi's. Decoding inflates at most the inner codec's {@link Codec#maxBytes()} (a
 * compression bomb is refused as oversize) and never throws. Thread-safe.
 */
public final class DeflateCodec<T> implements Codec<T> {
    /** The content type of deflated escalation batches. */
    public static final String CBOR_DEFLATE = "application/cbor+deflate";

    private static final DeflateCodec<dev.cascade.protocol.escalation.EscalationBatch> BATCHES =
            new DeflateCodec<>(Codecs.escalationBatch(), Deflater.BEST_SPEED, CBOR_DEFLATE);

    private final Codec<T> inner;
    private final int level;
    private final String contentType;

    /** Compresses {@code inner}'s bytes at {@code level} (0-9, or {@link Deflater#DEFAULT_COMPRESSION}). */
    public DeflateCodec(Codec<T> inner, int level, String contentType) {
        if (inner == null || contentType == null) {
            throw new IllegalArgumentException("inner and contentType must not be null");
        }
        if (level != Deflater.DEFAULT_COMPRESSION && (level < 0 || level > 9)) {
            throw new IllegalArgumentException("level must be in [0, 9] or -1, was " + level);
        }
        this.inner = inner;
        this.level = level;
        this.contentType = contentType;
    }

    /** {@code EscalationBatch}es as CBOR, deflated at level 1 (channel {@code escalation-batches-deflate}). */
    public static DeflateCodec<dev.cascade.protocol.escalation.EscalationBatch> escalationBatches() {
        return BATCHES;
    }

    @Override
    public byte[] encode(T value) {
        return deflate(inner.encode(value), level);
    }

    /** Deflates {@code raw} at {@code level}. */
    public static byte[] deflate(byte[] raw, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    @Override
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Decoded.rejected(RejectReason.EMPTY, "deflated payload must not be empty");
        }
        if (bytes.length > maxBytes()) {
            return Decoded.rejected(RejectReason.OVERSIZE, "deflated payload must be at most " + maxBytes()
                    + " bytes, was " + bytes.length);
        }
        Inflater inf = new Inflater();
        try {
            inf.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(inner.maxBytes(), bytes.length * 4));
            byte[] buf = new byte[8192];
            long total = 0;
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return Decoded.rejected(RejectReason.MALFORMED, "deflated payload is truncated (ends after "
                            + total + " inflated bytes)");
                }
                total += n;
                if (total > inner.maxBytes()) {
                    return Decoded.rejected(RejectReason.OVERSIZE, "inflated payload must be at most " + inner.maxBytes()
                            + " bytes, was more");
                }
                out.write(buf, 0, n);
            }
            if (inf.getRemaining() > 0) {
                return Decoded.rejected(RejectReason.MALFORMED, "deflated payload has " + inf.getRemaining()
                        + " trailing bytes after the stream");
            }
            return inner.decode(out.toByteArray());
        } catch (DataFormatException e) {
            return Decoded.rejected(RejectReason.MALFORMED, "deflated payload is not a valid zlib stream: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public int maxBytes() {
        return inner.maxBytes();
    }
}
