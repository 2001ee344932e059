package dev.cascade.protocol.internal;

import dev.cascade.checks.Checks;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.codec.Codec;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import java.io.IOException;

/**
 * A {@link Codec} over a Jackson mapper. Decoding checks the schema version: a fast path when
 * {@code "v"} is the first field (as every encoder here writes it), a tree otherwise.
 */
public final class JacksonCodec<T> implements Codec<T> {
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Class<T> type;
    private final String contentType;
    private final int maxBytes;

    public JacksonCodec(ObjectMapper mapper, Class<T> type, String contentType, int maxBytes) {
        this.mapper = mapper;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
        this.type = type;
        this.contentType = contentType;
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] encode(T value) {
        Checks.notNull(value, type.getSimpleName());
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Decoded.rejected(RejectReason.EMPTY, type.getSimpleName() + " payload must not be empty");
        }
        if (bytes.length > maxBytes) {
            return Decoded.rejected(RejectReason.OVERSIZE, type.getSimpleName() + " payload must be at most "
                    + maxBytes + " bytes, was " + bytes.length);
        }
        try (JsonParser p = mapper.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + " must be an object");
            }
            if (p.nextToken() == JsonToken.FIELD_NAME && "v".equals(p.currentName())) {
                p.nextToken();
                Decoded<T> bad = checkVersion(p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null);
                if (bad != null) {
                    return bad;
                }
                p.nextToken();
                return accept(reader.readValue(p), p);
            }
            return decodeTree(bytes);
        } catch (JacksonException | IllegalArgumentException e) {
            return classify(e);
        } catch (IOException e) {
            return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private Decoded<T> decodeTree(byte[] bytes) throws IOException {
        JsonNode tree = mapper.readTree(bytes);
        JsonNode v = tree.get("v");
        Decoded<T> bad = checkVersion(v != null && v.isIntegralNumber() ? v.intValue() : null);
        if (bad != null) {
            return bad;
        }
        return Decoded.accepted(mapper.treeToValue(tree, type));
    }

    private Decoded<T> accept(T value, JsonParser p) throws IOException {
        if (value == null) {
            return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + " must be an object");
        }
        if (p.nextToken() != null) {
            return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + " has trailing bytes after the object");
        }
        return Decoded.accepted(value);
    }

    private Decoded<T> checkVersion(Integer v) {
        if (v == null) {
            return Decoded.rejected(RejectReason.INVALID, "v must be an integer schema version");
        }
        if (v != WireMessage.SCHEMA_VERSION) {
            return Decoded.rejected(RejectReason.UNSUPPORTED_VERSION, "v must be " + WireMessage.SCHEMA_VERSION
                    + ", was " + v);
        }
        return null;
    }

    private Decoded<T> classify(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException sre) {
                return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + " is not valid "
                        + (contentType.endsWith("cbor") ? "CBOR" : "JSON") + ": " + firstLine(sre.getOriginalMessage()));
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return Decoded.rejected(RejectReason.INVALID, t.getMessage());
            }
        }
        if (e instanceof InvalidTypeIdException ite) {
            return Decoded.rejected(RejectReason.INVALID, "type must be a known " + type.getSimpleName()
                    + " type, was " + Checks.quote(ite.getTypeId()));
        }
        if (e instanceof MismatchedInputException mie) {
            String msg = mie.getOriginalMessage();
            if (msg.startsWith("Trailing token")) {
                return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + " has trailing bytes after the object");
            }
            if (msg.startsWith("Missing required creator property") || msg.startsWith("Missing creator property")) {
                int a = msg.indexOf('\'');
                int b = msg.indexOf('\'', a + 1);
                String field = a >= 0 && b > a ? msg.substring(a + 1, b) : "a field";
                return Decoded.rejected(RejectReason.INVALID, path(mie, field) + " must be present");
            }
            return Decoded.rejected(RejectReason.INVALID, path(mie, "value") + ": " + firstLine(msg));
        }
        if (e instanceof JsonMappingException jme) {
            return Decoded.rejected(RejectReason.INVALID, path(jme, "value") + ": " + firstLine(jme.getOriginalMessage()));
        }
        return Decoded.rejected(RejectReason.MALFORMED, type.getSimpleName() + ": " + firstLine(e.getMessage()));
    }

    private static String path(JsonMappingException e, String leaf) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        if (leaf != null && !leaf.equals("value")) {
            sb.append(sb.length() == 0 ? "" : ".").append(leaf);
        }
        return sb.length() == 0 ? leaf : sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public int maxBytes() {
        return maxBytes;
    }
}
