package dev.cascade.cloud;

import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.SensorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/**
 * A worker process for the multi-process tests: {@code WorkerMain bootstrap namespace instance-id model-dir [delivery]}
 * (delivery: a {@link Delivery} name, transactional when absent). Prints
 * {@code ready} once warmed and in its group, stops cleanly (exit 0) when its stdin closes, halts with 3 on a fatal
 * failure.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        CloudConfig config = CloudConfig.of(args[0], new Topics(args[1]), Map.of(SensorKind.VIBRATION, Path.of(args[3])))
                .withInstanceId(args[2]).withConfirmation(1, 1)
                .withDelivery(args.length > 4 ? Delivery.valueOf(args[4]) : Delivery.TRANSACTIONAL);
        InferenceWorkers workers = InferenceWorkers.start(config, InstantSource.system(), message -> {
            System.out.println("fatal: " + message);
            System.out.flush();
            Runtime.getRuntime().halt(3);
        });
        while (!workers.ready()) {
            Thread.sleep(20);
        }
        System.out.println("ready in " + workers.readySeconds() + " s");
        System.out.flush();
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // wait for EOF
            }
        } catch (IOException e) {
            // parent gone
        }
        workers.close();
        System.out.println("stopped");
        System.out.flush();
        System.exit(0);
    }
}
