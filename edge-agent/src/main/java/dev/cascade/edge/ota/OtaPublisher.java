package dev.cascade.edge.ota;

import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.ota.ChunkRequest;
import dev.cascade.protocol.ota.ModelChunk;
import dev.cascade.protocol.ota.OtaAnnouncement;
import dev.cascade.protocol.ota.OtaStatus;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.PublishOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of an over-the-air update ({@code cascade ota publish}): announces one bundle, retained, on each
 * listed gateway's {@code ota-announce} topic, answers their chunk requests from the packed archive on their own
 * {@code ota-chunks} topics, and keeps the last {@link OtaStatus} each gateway reported. Requests from gateways not
 * listed are ignored (counted). Answers may be paced ({@code maxBytesPerSecond}) so that a rollout does not fill a
 * fleet's cellular links. It lives in edge-agent because it is the other half of the agent's wire contract
 * and needs only MQTT and the bundle format (no Kafka, no ONNX Runtime). Owns one pacing thread
 * ({@code cascade-ota-publisher}); thread-safe; must be closed, which leaves the announcements in place
 * ({@link #withdraw()} clears them).
 */
public final class OtaPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OtaPublisher.class);

    private final MqttConnection mqtt;
    private final Topics topics;
    private final Set<DeviceId> gateways;
    private final byte[] archive;
    private final OtaAnnouncement announcement;
    private final Map<DeviceId, OtaStatus> statuses = new ConcurrentHashMap<>();
    private final LongAdder chunksSent = new LongAdder();
    private final LongAdder requestsIgnored = new LongAdder();
    private volatile boolean paused;
    private final long maxBytesPerSecond;
    private final java.util.concurrent.ScheduledExecutorService pacer;
    private long nextFreeNanos;

    private OtaPublisher(MqttConnection mqtt, Topics topics, Set<DeviceId> gateways, byte[] archive,
                         OtaAnnouncement announcement, long maxBytesPerSecond) {
        if (maxBytesPerSecond < 0) {
            throw new IllegalArgumentException("maxBytesPerSecond must be >= 0 (0: unpaced), was " + maxBytesPerSecond);
        }
        this.maxBytesPerSecond = maxBytesPerSecond;
        this.pacer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-ota-publisher");
            t.setDaemon(true);
            return t;
        });
        this.mqtt = mqtt;
        this.topics = topics;
        this.gateways = Set.copyOf(gateways);
        this.archive = archive;
        this.announcement = announcement;
    }

    /**
     * Packs the bundle at {@code bundleDir}, starts answering requests on {@code mqtt} (which the caller owns and
     * closes) and announces it to {@code gateways}.
     *
     * @throws ModelBundleException if the folder is not a bundle
     */
    public static OtaPublisher start(MqttConnection mqtt, Topics topics, Path bundleDir, List<DeviceId> gateways,
                                     InstantSource clock) throws ModelBundleException, IOException {
        return start(mqtt, topics, bundleDir, gateways, clock, 0);
    }

    /** As {@link #start(MqttConnection, Topics, Path, List, InstantSource)}, sending at most {@code maxBytesPerSecond} (0: unpaced). */
    public static OtaPublisher start(MqttConnection mqtt, Topics topics, Path bundleDir, List<DeviceId> gateways,
                                     InstantSource clock, long maxBytesPerSecond) throws ModelBundleException, IOException {
        ModelBundle b = ModelBundle.load(bundleDir);
        byte[] archive = BundleArchive.pack(bundleDir);
        OtaAnnouncement a = new OtaAnnouncement(new ModelRef(b.manifest().name(), b.manifest().version()), archive.length,
                Sha256.hex(archive), clock.instant());
        return start(mqtt, topics, archive, a, gateways, maxBytesPerSecond);
    }

    /** As {@link #start(MqttConnection, Topics, Path, List, InstantSource)}, for an archive already packed (and announced as {@code a}). */
    public static OtaPublisher start(MqttConnection mqtt, Topics topics, byte[] archive, OtaAnnouncement a,
                                     List<DeviceId> gateways, long maxBytesPerSecond) {
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("gateways must name at least one gateway, was none");
        }
        OtaPublisher p = new OtaPublisher(mqtt, topics, Set.copyOf(gateways), archive.clone(), a, maxBytesPerSecond);
        mqtt.subscribe(topics.mqttFilter(Channel.OTA_REQUESTS), 1, p::onRequest);
        mqtt.subscribe(topics.mqttFilter(Channel.OTA_STATUS), 1, p::onStatus);
        p.announce();
        return p;
    }

    private void announce() {
        byte[] bytes = Codecs.otaAnnouncement().encode(announcement);
        for (DeviceId g : gateways) {
            join(mqtt.publishRetained(topics.mqtt(Channel.OTA_ANNOUNCE, g), bytes, 1,
                    PublishOptions.contentType(Codecs.otaAnnouncement().contentType())), "announce to " + g);
        }
        log.info("OTA: announced {} ({} bytes, sha256 {}) to {} gateway(s)", announcement.model(), announcement.size(),
                announcement.sha256(), gateways.size());
    }

    /** Clears the retained announcements (gateways that have not fetched it yet will not). */
    public void withdraw() {
        for (DeviceId g : gateways) {
            join(mqtt.publishRetained(topics.mqtt(Channel.OTA_ANNOUNCE, g), new byte[0], 1, PublishOptions.NONE),
                    "withdraw from " + g);
        }
    }

    private static void join(java.util.concurrent.CompletableFuture<Void> f, String what) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("OTA: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private void onRequest(String topic, byte[] payload, Delivery delivery) {
        Optional<Topics.Route> route = topics.parseMqtt(topic);
        Decoded<ChunkRequest> d = Codecs.chunkRequest().decode(payload);
        if (route.isEmpty() || !gateways.contains(route.get().device()) || !(d instanceof Decoded.Accepted<ChunkRequest> ok)
                || !ok.get().model().equals(announcement.model()) || ok.get().offset() >= archive.length || paused) {
            requestsIgnored.increment();
            return;
        }
        ChunkRequest r = ok.get();
        int from = (int) r.offset();
        int to = (int) Math.min(archive.length, r.offset() + r.length());
        ModelChunk c = new ModelChunk(announcement.model(), from, archive.length, Arrays.copyOfRange(archive, from, to));
        long delay = 0;
        if (maxBytesPerSecond > 0) {
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextFreeNanos);
                nextFreeNanos = start + c.length() * 1_000_000_000L / maxBytesPerSecond;
                delay = start - now;
            }
        }
        try {
            pacer.schedule(() -> send(route.get().device(), c), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            requestsIgnored.increment(); // closed
        }
    }

    private void send(DeviceId gateway, ModelChunk c) {
        if (paused) {
            requestsIgnored.increment();
            return;
        }
        mqtt.publish(topics.mqtt(Channel.OTA_CHUNKS, gateway), Codecs.modelChunk().encode(c), 1,
                PublishOptions.contentType(Codecs.modelChunk().contentType())).whenComplete((v, e) -> {
                    if (e == null) {
                        chunksSent.increment();
                    } else {
                        log.debug("OTA chunk {} to {} not sent: {}", c, gateway, e.toString());
                    }
                });
    }

    private void onStatus(String topic, byte[] payload, Delivery delivery) {
        Optional<Topics.Route> route = topics.parseMqtt(topic);
        Decoded<OtaStatus> d = Codecs.otaStatus().decode(payload);
        if (route.isPresent() && d instanceof Decoded.Accepted<OtaStatus> ok && ok.get().gatewayId().equals(route.get().device())) {
            statuses.put(ok.get().gatewayId(), ok.get());
            log.info("OTA: {} reports {} {} {} (runs {})", ok.get().gatewayId(), ok.get().model(),
                    ok.get().state().displayName(), ok.get().reason(), ok.get().running());
        }
    }

    /** Stops answering requests (a paused rollout); the gateways keep what they staged and ask again later. */
    public void pause() {
        paused = true;
    }

    /** Answers requests again. */
    public void resume() {
        paused = false;
    }

    public OtaAnnouncement announcement() {
        return announcement;
    }

    /** The last status each gateway reported. */
    public Map<DeviceId, OtaStatus> statuses() {
        return Map.copyOf(statuses);
    }

    public long chunksSent() {
        return chunksSent.sum();
    }

    public long requestsIgnored() {
        return requestsIgnored.sum();
    }

    /** Stops answering; the caller closes the connection. */
    @Override
    public void close() {
        paused = true;
        pacer.shutdownNow();
        try {
            pacer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
