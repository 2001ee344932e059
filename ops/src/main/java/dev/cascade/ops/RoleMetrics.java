package dev.cascade.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Registers one role's meters under the one naming scheme of every Cascade process,
 * {@code cascade_<role>_<what>_<unit>} (counters end in {@code _total}, timers in {@code _seconds}), with
 * labels such as device kind, model and version. Meters hold their sources strongly (for the life of the
 * registry). Thread-safe.
 */
public final class RoleMetrics {
    private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]*");

    private final String role;
    private final MeterRegistry registry;
    private final Tags common;

    private RoleMetrics(String role, MeterRegistry registry, Tags common) {
        this.role = role;
        this.registry = registry;
        this.common = common;
    }

    /** Meters of {@code role} (e.g. {@code ingest}, {@code edge}, {@code infer}, {@code actuate}) in {@code registry}. */
    public static RoleMetrics of(String role, MeterRegistry registry) {
        return new RoleMetrics(part("role", role), Objects.requireNonNull(registry, "registry must not be null"), Tags.empty());
    }

    /** The same role with {@code tags} added to every meter it registers from now on. */
    public RoleMetrics withTags(Tags tags) {
        return new RoleMetrics(role, registry, common.and(tags));
    }

    public String role() {
        return role;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** {@code cascade_<role>_<what>_<unit>}. */
    public String name(String what, String unit) {
        return "cascade_" + role + "_" + part("what", what) + "_" + part("unit", unit);
    }

    /** A counter {@code cascade_<role>_<what>_total} that reads a monotonic count from {@code source}. */
    public <T> FunctionCounter counter(String what, String description, T source, ToDoubleFunction<T> count, Tags tags) {
        // The function holds the source strongly: Micrometer keeps only a weak reference to it otherwise.
        return FunctionCounter.builder(name(what, "total"), source, ignored -> count.applyAsDouble(source))
                .description(description).tags(common.and(tags)).register(registry);
    }

    /**
     * One counter {@code cascade_<role>_<what>_total} per key, labelled {@code label=<labelOf(key)>}, each reading
     * its key's count from the map {@code counts} supplies (0 when absent). Pass every possible key (for an
     * enum, {@code EnumSet.allOf}) so that a key added to the enum later is counted without code changes.
     */
    public <K> void countersByKey(String what, String description, String label, Collection<K> keys,
                                  Function<K, String> labelOf, Supplier<? extends Map<K, ? extends Number>> counts) {
        part("label", label);
        for (K key : keys) {
            FunctionCounter.builder(name(what, "total"), counts, ignored -> {
                        Number n = counts.get().get(key);
                        return n == null ? 0 : n.doubleValue();
                    })
                    .description(description).tags(common.and(label, labelOf.apply(key))).register(registry);
        }
    }

    /** A gauge {@code cascade_<role>_<what>_<unit>} (e.g. a queue depth in {@code messages}). */
    public <T> Gauge gauge(String what, String unit, String description, T source, ToDoubleFunction<T> value, Tags tags) {
        return Gauge.builder(name(what, unit), source, value).description(description).tags(common.and(tags))
                .strongReference(true).register(registry);
    }

    /** A latency timer {@code cascade_<role>_<what>_seconds} with a Prometheus histogram (for quantiles server-side). */
    public Timer timer(String what, String description, Tags tags) {
        return Timer.builder(name(what, "seconds")).description(description).tags(common.and(tags))
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(100_000))
                .maximumExpectedValue(java.time.Duration.ofSeconds(30)).register(registry);
    }

    private static String part(String field, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + PART.pattern() + ", was " + value);
        }
        return value;
    }
}
