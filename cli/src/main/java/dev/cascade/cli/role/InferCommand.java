package dev.cascade.cli.role;

import dev.cascade.cloud.config.InferConfigFile;
import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import dev.cascade.cloud.worker.WorkerMetrics;
import dev.cascade.config.OpsSettings;
import java.time.InstantSource;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cascade infer --config infer.yaml}: the cloud inference workers of one process. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run cloud inference workers: escalations from Kafka through ONNX Runtime into results, commands and alerts.")
public final class InferCommand extends RoleCommand<InferConfigFile> {
    @Override
    public ConfigLoader<InferConfigFile> loader() {
        return InferConfigFile.LOADER;
    }

    @Override
    public Lifecycle lifecycle(InferConfigFile c) {
        return c.lifecycle();
    }

    @Override
    public List<BrokerProbe> brokers(InferConfigFile c) {
        return List.of(BrokerProbe.kafka(c.workers().kafka()));
    }

    @Override
    public OpsSettings ops(InferConfigFile c) {
        return c.ops();
    }

    @Override
    public AutoCloseable start(InferConfigFile c, RoleOps ops) throws Exception {
        c.createTopics().apply(c.workers().kafka().withClientId(c.workers().instanceId() + "-provisioner"), c.workers().topics());
        // A fatal failure (fenced by a newer instance, refused credentials) stops the workers: the process then
        // exits 1 with the cause on stderr instead of living on with no worker (its liveness also fails meanwhile).
        InferenceWorkers workers = InferenceWorkers.start(c.workers(), InstantSource.system(), message -> {
            Thread exit = new Thread(() -> {
                System.err.println("infer: fatal: " + message);
                System.err.flush();
                System.out.flush();
                Runtime.getRuntime().halt(1);
            }, "cascade-infer-fatal");
            exit.start();
        });
        WorkerMetrics.bind(workers, ops.registry());
        WorkerMetrics.readiness(workers, ops.health());
        ops.health().liveness("workers", workers::problems);
        return workers;
    }
}
