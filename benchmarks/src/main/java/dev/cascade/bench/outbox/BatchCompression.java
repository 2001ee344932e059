package dev.cascade.bench.outbox;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.DeflateCodec;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Sizes and encode times of escalation batches made of real simulated windows (healthy and faulty machines):
 * CBOR alone against CBOR deflated at levels 1, 6 and 9 (the JDK's codec; the edge's class path has no LZ4 or
 * Zstandard, and adding one means a native library or another jar on the Pi). Prints one line per codec.
 *
 * <p>Arguments: [batchSize (64)] [batches (200)]
 */
public final class BatchCompression {
    private BatchCompression() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<EscalationBatch> all = new ArrayList<>();
        List<Machine> fleet = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Machine m = new Machine(MachineSpec.defaults(), 500 + i);
            if (i % 4 == 0) {
                m.inject(Fault.of(FaultType.values()[i % FaultType.values().length], 0.8));
            }
            fleet.add(m);
        }
        ModelRef ref = new ModelRef("vibration-anomaly-edge", "1");
        long seq = 0;
        for (int b = 0; b < batches; b++) {
            List<Escalation> es = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Machine m = fleet.get((int) (seq % fleet.size()));
                Instant now = Instant.now();
                SensorWindow w = new SensorWindow(DeviceId.of("m-" + seq % fleet.size()), SensorKind.VIBRATION,
                        m.sampleRateHz(), now, seq++, CorrelationId.random(), now, Samples.of(m.nextWindow()));
                es.add(new Escalation(w, 1.5f, EscalationReason.UNCERTAIN, ref, now));
            }
            all.add(new EscalationBatch(DeviceId.of("gw-1"), es));
        }
        List<byte[]> cbor = new ArrayList<>();
        long raw = 0;
        for (EscalationBatch b : all) {
            byte[] c = Codecs.escalationBatch().encode(b);
            cbor.add(c);
            raw += c.length;
        }
        System.out.printf("%d batches of %d escalations (%d-sample windows): CBOR %d bytes per batch%n", batches, size,
                all.get(0).escalations().get(0).window().samples().size(), raw / batches);
        for (int level : new int[] {Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION, Deflater.BEST_COMPRESSION}) {
            long bytes = 0;
            for (int warm = 0; warm < 2; warm++) {
                bytes = 0;
                long t0 = System.nanoTime();
                for (byte[] c : cbor) {
                    bytes += DeflateCodec.deflate(c, level).length;
                }
                long t1 = System.nanoTime();
                if (warm == 1) {
                    System.out.printf("deflate level %2d: %d bytes per batch (%.1f %% of CBOR), %.0f us per batch to compress%n",
                            level, bytes / batches, 100.0 * bytes / raw, (t1 - t0) / 1e3 / batches);
                }
            }
        }
    }
}
