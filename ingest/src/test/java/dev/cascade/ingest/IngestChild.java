package dev.cascade.ingest;

import dev.cascade.protocol.topic.Topics;
import java.util.concurrent.CountDownLatch;

/**
 * One ingest instance as its own JVM, for tests that kill it: {@code IngestChild <mqttUri> <kafkaBootstrap>
 * <namespace> <instanceId> <maxPending>}. Logs {@code ingest ready} once subscribed; SIGTERM closes it.
 */
public final class IngestChild {
    private IngestChild() {}

    public static void main(String[] args) throws InterruptedException {
        IngestConfig cfg = IngestConfig.defaults(args[0], args[1], new Topics(args[2])).withInstanceId(args[3])
                .withMaxPending(Integer.parseInt(args[4]));
        IngestBridge bridge = IngestBridge.start(cfg);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            closed.countDown();
        }, "ingest-child-stop"));
        System.out.println("ingest ready " + args[3]);
        System.out.flush();
        closed.await();
    }
}
