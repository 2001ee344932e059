package dev.cascade.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder recording of one phase's measured interval ({@code profile} settings: execution samples
 * every 10 ms), written next to the report, and its samples summed by role ({@link ThreadRoles}): where each
 * role spends its CPU, by top frame and by the first frame in Cascade's own code. Samples of threads in Java
 * code count, and samples of threads in native code (ONNX Runtime, TFLite) unless the native method is a wait
 * (epoll, socket read, sleep). Not thread-safe.
 */
final class JfrProfile implements AutoCloseable {
    private static final int TOP = 8;
    /** Native methods in which a thread waits rather than works: their samples are not CPU. */
    private static final java.util.Set<String> WAITS = java.util.Set.of("wait", "epollWait", "poll", "poll0", "accept",
            "accept0", "read0", "socketRead0", "sleep", "park", "select", "doSelect", "waitForReferencePendingList");

    private final Path file;
    private Recording recording;

    private JfrProfile(Path file) {
        this.file = file;
    }

    /** A profile that will be written to {@code file} once {@link #start()} and {@link #stop()} have run. */
    static JfrProfile to(Path file) {
        return new JfrProfile(file);
    }

    void start() throws IOException {
        try {
            recording = new Recording(Configuration.getConfiguration("profile"));
        } catch (ParseException e) {
            throw new IOException("cannot read the JFR 'profile' settings: " + e.getMessage(), e);
        }
        recording.setName("cascade-bench");
        recording.start();
    }

    /** Stops recording, writes the file and sums its samples. */
    Summary stop() throws IOException {
        if (recording == null) {
            return Summary.EMPTY;
        }
        recording.stop();
        Files.createDirectories(file.toAbsolutePath().getParent());
        recording.dump(file);
        recording.close();
        recording = null;
        return summarize(file);
    }

    /**
     * Samples by role.
     *
     * @param file the recording
     * @param samples Java execution samples (threads running Java code) plus native samples (threads in native code)
     * @param roles per role: its share of all samples and its hottest frames
     */
    record Summary(String file, long samples, Map<String, RoleProfile> roles) {
        static final Summary EMPTY = new Summary("", 0, Map.of());
    }

    /**
     * @param samples samples of the role's threads
     * @param share of all samples
     * @param topFrames the methods its samples were in (top of stack), share of the role's samples
     * @param topCascadeFrames the first Cascade method on each stack, share of the role's samples
     */
    record RoleProfile(long samples, double share, Map<String, Double> topFrames, Map<String, Double> topCascadeFrames) {}

    static Summary summarize(Path file) throws IOException {
        Map<String, Long> byRole = new HashMap<>();
        Map<String, Map<String, Long>> top = new HashMap<>();
        Map<String, Map<String, Long>> cascade = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            RecordedThread t = e.getThread("sampledThread");
            String role = ThreadRoles.of(t == null ? null : t.getJavaName());
            RecordedStackTrace st = e.getStackTrace();
            if (type.equals("jdk.NativeMethodSample") && (st == null || st.getFrames().isEmpty()
                    || st.getFrames().get(0).getMethod() == null
                    || WAITS.contains(st.getFrames().get(0).getMethod().getName()))) {
                continue;   // waiting in native code (I/O, sleep), not computing
            }
            total++;
            byRole.merge(role, 1L, Long::sum);
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = st.getFrames();
            top.computeIfAbsent(role, r -> new HashMap<>()).merge(name(frames.get(0)), 1L, Long::sum);
            for (RecordedFrame f : frames) {
                if (f.getMethod() != null && f.getMethod().getType().getName().startsWith("dev.cascade.")) {
                    cascade.computeIfAbsent(role, r -> new HashMap<>()).merge(name(f), 1L, Long::sum);
                    break;
                }
            }
        }
        Map<String, RoleProfile> roles = new LinkedHashMap<>();
        long all = total;
        byRole.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(en -> {
            long n = en.getValue();
            roles.put(en.getKey(), new RoleProfile(n, RoleMeter.round((double) n / all),
                    shares(top.getOrDefault(en.getKey(), Map.of()), n), shares(cascade.getOrDefault(en.getKey(), Map.of()), n)));
        });
        return new Summary(file.toAbsolutePath().toString(), total, roles);
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long of) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
        list.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(TOP, list.size()); i++) {
            out.put(list.get(i).getKey(), RoleMeter.round((double) list.get(i).getValue() / of));
        }
        return out;
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
            recording = null;
        }
    }
}
