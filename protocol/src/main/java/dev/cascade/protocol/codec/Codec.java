package dev.cascade.protocol.codec;

/**
 * Turns one message type into bytes and back. Thread-safe. {@link #decode} never throws: bad input
 * yields {@link Decoded.Rejected} with a reason.
 */
public interface Codec<T> {
    /** Encodes a valid message; throws {@link IllegalArgumentException} only for a null value. */
    byte[] encode(T value);

    Decoded<T> decode(byte[] bytes);

    /** The MIME type of the encoded form ({@code application/cbor} or {@code application/json}). */
    String contentType();

    /** The largest encoded form {@link #decode} accepts. */
    int maxBytes();
}
