package dev.cascade.bench.pipeline;

import dev.cascade.pipeline.ModelCatalog;
import dev.cascade.protocol.window.SensorKind;
import java.io.PrintWriter;

/**
 * What every phase of one run shares.
 *
 * @param plan the run's settings
 * @param catalog the models found in the registry
 * @param soilFrames readings per soil window (0 when there are no soil models: then every device is a machine)
 * @param runId a short id that makes this run's topic namespaces unique on shared brokers
 * @param out where status lines go
 */
record BenchContext(BenchPlan plan, ModelCatalog catalog, int soilFrames, String runId, PrintWriter out) {

    /** The phase's brokers: the external ones, or a fresh in-process pair. */
    BenchBrokers brokers() {
        return BenchBrokers.open(plan.mqttUri(), plan.kafkaBootstrap());
    }

    /** Whether the registry has edge and cloud models for soil windows. */
    boolean farm() {
        return soilFrames > 0 && catalog.edge().containsKey(SensorKind.SOIL) && catalog.cloud().containsKey(SensorKind.SOIL);
    }

    /** The soil zones among {@code devices}. */
    int zones(int devices) {
        return farm() ? (int) Math.floor(devices * plan.farmShare()) : 0;
    }

    /** A JFR profile of the phase's measured interval, written to {@code <out>/<phase>.jfr}, when the plan asks. */
    java.util.Optional<JfrProfile> profile(String phase) {
        return plan.jfr() ? java.util.Optional.of(JfrProfile.to(plan.out().resolve(phase + ".jfr")))
                : java.util.Optional.empty();
    }

    /** A topic namespace for the phase called {@code phase} (at most 32 characters). */
    String namespace(String phase) {
        String ns = "b" + runId + "-" + phase;
        return ns.length() <= 32 ? ns : ns.substring(0, 32);
    }
}
