package dev.cascade.model.bundle.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cascade.model.bundle.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads and writes manifests as stable, pretty-printed JSON (sorted maps, LF line ends). */
public final class ManifestJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);

    private ManifestJson() {}

    public static byte[] write(ModelManifest manifest) {
        try {
            String text = MAPPER.writer(PRINTER).writeValueAsString(manifest) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write manifest " + manifest.ref(), e);
        }
    }

    /** Parses a manifest; the exception message says what is wrong, without the file name. */
    public static ModelManifest read(byte[] json) throws IOException {
        try {
            return MAPPER.readValue(json, ModelManifest.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException("unknown field \"" + e.getPropertyName() + "\" at " + path(e), e);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Missing creator property '")) {
                String field = msg.substring("Missing creator property '".length(), msg.indexOf('\'', 26));
                throw new IOException("missing field \"" + field + "\" at " + path(e), e);
            }
            throw new IOException(msg + " at " + path(e), e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException) {
            String p = ((com.fasterxml.jackson.databind.JsonMappingException) e).getPathReference();
            if (p != null && !p.isEmpty()) {
                return p.replace("dev.cascade.model.bundle.", "").replace("dev.cascade.model.", "");
            }
        }
        return e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr();
    }
}
