package dev.cascade.model.selftest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cascade.checks.Checks;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bundle's self-test ({@value #FILE}): reference windows and the scores the factory's run of the model gave
 * them. A model passes when it scores every window within {@code absTolerance + relTolerance x |expected|}.
 * Immutable.
 *
 * @param absTolerance the absolute part of the tolerance (score units, >= 0)
 * @param relTolerance the part relative to the expected score (>= 0)
 * @param windows the reference windows (1-64)
 */
@JsonPropertyOrder({"absTolerance", "relTolerance", "windows"})
public record SelfTest(double absTolerance, double relTolerance, List<ReferenceWindow> windows) {
    /** The self-test's file name inside a bundle. */
    public static final String FILE = "selftest.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    public SelfTest {
        Checks.check(absTolerance >= 0 && Double.isFinite(absTolerance), "absTolerance", "a finite number >= 0", absTolerance);
        Checks.check(relTolerance >= 0 && Double.isFinite(relTolerance), "relTolerance", "a finite number >= 0", relTolerance);
        windows = Checks.immutable(windows, "windows");
        Checks.check(!windows.isEmpty() && windows.size() <= 64, "windows", "1-64 reference windows", windows.size());
    }

    /** Stable, pretty-printed JSON (LF line ends), the same bytes for the same self-test. */
    public byte[] toJson() {
        try {
            return (MAPPER.writer(PRINTER).writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a self-test", e);
        }
    }

    /** Parses a self-test; the exception says what is wrong. */
    public static SelfTest read(byte[] json) throws IOException {
        try {
            return MAPPER.readValue(json, SelfTest.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(cause.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Scores every reference window with {@code model}; the first that does not give its expected score (or fits
     * the model not at all, or scores non-finite), described, or empty when all pass.
     */
    public Optional<String> firstFailure(ScoringModel model) {
        for (int i = 0; i < windows.size(); i++) {
            ReferenceWindow w = windows.get(i);
            float[] values = w.values();
            if (!model.fits(values.length, w.channels())) {
                return Optional.of("windows[" + i + "] (" + w.label() + ") must hold " + model.windowValues() + " values in "
                        + model.channels() + " channel(s), was " + values.length + " in " + w.channels());
            }
            Scored s = model.score(values, w.channels());
            if (s instanceof Scored.NonFinite nf) {
                return Optional.of("windows[" + i + "] (" + w.label() + ") scored non-finite: " + nf.detail());
            }
            double score = ((Scored.Value) s).score();
            double tolerance = absTolerance + relTolerance * Math.abs(w.expectedScore());
            if (!(Math.abs(score - w.expectedScore()) <= tolerance)) {
                return Optional.of(String.format(Locale.ROOT, "windows[%d] (%s) must score %.6g +- %.3g, was %.6g", i,
                        w.label(), w.expectedScore(), tolerance, score));
            }
        }
        return Optional.empty();
    }
}
