package dev.cascade.dashboard.fleet;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet as the dashboard shows it: per device when it was last heard of, its models, its state, and the recent
 * series of its cloud score (anomaly score for machines, forecast soil moisture for fields). Thread-safe.
 */
public final class FleetBoard {
    /** One point of a device's series. */
    public record Point(long t, double v) {}

    /**
     * One device as shown.
     *
     * @param deviceId the device
     * @param kind {@code vibration} or {@code soil} ({@code ""} until known)
     * @param lastSeenMs when anything from it was last seen (epoch ms)
     * @param edgeModel the edge model it escalated with ({@code ""} until known)
     * @param cloudModel the cloud model that scored it ({@code ""} until known)
     * @param state {@code ok}, {@code anomaly}, {@code stopped}, {@code watering}, {@code offline}
     * @param score the latest cloud score
     * @param threshold the latest decision threshold
     * @param series recent scores, oldest first
     * @param version bumps on every change
     */
    public record DeviceRow(String deviceId, String kind, long lastSeenMs, String edgeModel, String cloudModel,
                            String state, double score, double threshold, List<Point> series, long version) {}

    private static final class Device {
        final String id;
        String kind = "";
        Instant lastSeen = Instant.EPOCH;
        String edgeModel = "";
        String cloudModel = "";
        String state = "ok";
        double score;
        double threshold;
        final ArrayDeque<Point> series = new ArrayDeque<>();
        long version;

        Device(String id) {
            this.id = id;
        }
    }

    private final Clock clock;
    private final Duration offlineAfter;
    private final int points;
    private final Map<String, Device> devices = new TreeMap<>();
    private long version;

    public FleetBoard(Clock clock, Duration offlineAfter, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("points must be >= 2, was " + points);
        }
        this.clock = clock;
        this.offlineAfter = offlineAfter;
        this.points = points;
    }

    /** A cloud verdict: a new point of the device's series. */
    public synchronized void result(InferenceResult r) {
        Device d = device(r.deviceId().value());
        d.kind = r.kind().displayName();
        d.cloudModel = r.model().toString();
        d.score = r.score();
        d.threshold = r.threshold();
        d.series.addLast(new Point(r.windowSentAt().toEpochMilli(), r.score()));
        while (d.series.size() > points) {
            d.series.removeFirst();
        }
        if (!"stopped".equals(d.state) && !"watering".equals(d.state)) {
            d.state = r.verdict() == Verdict.ANOMALY ? "anomaly" : "ok";
        }
        seen(d, r.inferredAt());
    }

    /** An escalation: the device is alive and runs this edge model. */
    public synchronized void escalation(Escalation e) {
        Device d = device(e.window().deviceId().value());
        d.kind = e.window().kind().displayName();
        d.edgeModel = e.edgeModel().toString();
        seen(d, e.escalatedAt());
    }

    /** A heartbeat (or any telemetry) from the device, with its model when it says. */
    public synchronized void heartbeat(String deviceId, Instant at, String model) {
        Device d = device(deviceId);
        if (model != null && !model.isEmpty()) {
            d.edgeModel = model;
        }
        seen(d, at);
    }

    /** An executed command changes what the device is doing. */
    public synchronized void ack(CommandAck a) {
        if (a.status() != AckStatus.EXECUTED) {
            return;
        }
        Device d = device(a.deviceId().value());
        switch (a.commandType()) {
            case "stop_machine" -> d.state = "stopped";
            case "open_valve" -> d.state = "watering";
            case "resume_machine", "close_valve" -> d.state = "ok";
            default -> { }
        }
        seen(d, a.ackedAt());
    }

    /** Every device, by id. */
    public synchronized List<DeviceRow> rows() {
        return changedSince(-1);
    }

    /** The devices changed after {@code sinceVersion} (all for -1). */
    public synchronized List<DeviceRow> changedSince(long sinceVersion) {
        Instant now = clock.instant();
        List<DeviceRow> out = new ArrayList<>();
        for (Device d : devices.values()) {
            if (d.version > sinceVersion) {
                boolean offline = d.lastSeen.plus(offlineAfter).isBefore(now);
                out.add(new DeviceRow(d.id, d.kind, d.lastSeen.toEpochMilli(), d.edgeModel, d.cloudModel,
                        offline ? "offline" : d.state, d.score, d.threshold, List.copyOf(d.series), d.version));
            }
        }
        return out;
    }

    /** The board's version: the highest of its devices'. */
    public synchronized long version() {
        return version;
    }

    public synchronized int size() {
        return devices.size();
    }

    private Device device(String id) {
        return devices.computeIfAbsent(id, Device::new);
    }

    private void seen(Device d, Instant at) {
        if (at.isAfter(d.lastSeen)) {
            d.lastSeen = at;
        }
        d.version = ++version;
    }
}
