package dev.cascade.cloud.worker;

import dev.cascade.cloud.shadow.ShadowStats;
import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.window.SensorKind;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's and the shadow models' meters: promotions applied and bundles refused per kind, and per kind the
 * windows a shadow model scored beside the live one, the decisions that differed, the batches it failed on, and a
 * histogram of the score deltas ({@code cascade_infer_shadow_score_delta}).
 */
final class ShadowMeters {
    private ShadowMeters() {}

    static void bind(InferenceWorkers workers, RoleMetrics m) {
        ShadowStats s = workers.shadowStats();
        Map<SensorKind, DistributionSummary> deltas = new EnumMap<>(SensorKind.class);
        for (SensorKind kind : workers.kinds()) {
            Tags t = Tags.of("kind", kind.name().toLowerCase(Locale.ROOT));
            m.counter("shadow_windows", "windows a shadow model scored beside the live one", s, x -> x.compared(kind), t);
            m.counter("shadow_disagreements", "windows whose decision differed between the shadow and the live model",
                    s, x -> x.disagreed(kind), t);
            m.counter("shadow_failures", "batches a shadow model failed on or could not be opened for (the live "
                    + "outputs are unaffected)", s, x -> x.failures(kind), t);
            m.counter("shadow_skipped", "windows left without a shadow score because the shadow model, on a thread of "
                    + "its own, was still busy with earlier batches (the live outputs never wait for it)", s,
                    x -> x.skipped(kind), t);
            deltas.put(kind, DistributionSummary.builder(m.name("shadow_score_delta", "score"))
                    .description("|shadow score - live score| of each window both models scored").tags(t)
                    .publishPercentileHistogram().minimumExpectedValue(1e-6).maximumExpectedValue(1e3)
                    .register(m.registry()));
            workers.registry().ifPresent(r -> {
                m.counter("model_promotions", "promoted registry versions the workers switched to", r,
                        x -> x.promotions(kind), t);
                m.counter("model_refusals", "promoted or shadow registry versions refused (signature, loading, shape "
                        + "or warm-up); the running version stays", r, x -> x.refusals(kind), t);
            });
        }
        m.counter("model_swap_failures", "times a worker could not open a promoted version and kept the previous one",
                workers, InferenceWorkers::swapFailures, Tags.empty());
        s.observe((kind, delta) -> {
            DistributionSummary d = deltas.get(kind);
            if (d != null) {
                d.record(delta);
            }
        });
    }
}
