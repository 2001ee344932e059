package dev.cascade.bench.pipeline;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * CPU time and allocation per role in this JVM, from {@code ThreadMXBean} per-thread counters attributed by
 * thread name ({@link ThreadRoles}); process CPU from the OS bean; the whole machine's busy time from
 * {@code /proc/stat} (so that what other processes took during a phase is on record); heap, RSS and GC.
 * Sample once a second between {@link #begin()} and {@link #end()}; a thread that ends between samples
 * loses at most a second of its time. Not thread-safe.
 */
final class RoleMeter {
    private static final long USER_HZ = 100;
    private static final int TOP_THREADS = 20;

    private final com.sun.management.ThreadMXBean threads;
    private final com.sun.management.OperatingSystemMXBean os;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Map<Long, Track> tracks = new HashMap<>();
    private long wall0;
    private long process0;
    private long machine0;
    private long steal0;
    private long gcCount0;
    private long gcMillis0;
    private long heapMax;
    private long rssMax;

    private static final class Track {
        final String name;
        final String role;
        final long cpu0;
        final long alloc0;
        long cpu;
        long alloc;

        Track(String name, long cpu0, long alloc0) {
            this.name = name;
            this.role = ThreadRoles.of(name);
            this.cpu0 = cpu0;
            this.alloc0 = alloc0;
            this.cpu = cpu0;
            this.alloc = alloc0;
        }
    }

    RoleMeter() {
        this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /** Starts a measurement: what every live thread has used so far is left out. */
    void begin() {
        tracks.clear();
        sample(true);
        wall0 = System.nanoTime();
        process0 = os.getProcessCpuTime();
        long[] m = machineJiffies();
        machine0 = m[0];
        steal0 = m[1];
        gcCount0 = 0;
        gcMillis0 = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount0 += Math.max(0, gc.getCollectionCount());
            gcMillis0 += Math.max(0, gc.getCollectionTime());
        }
        heapMax = 0;
        rssMax = 0;
    }

    /** Reads every live thread's counters (call about once a second). Returns the process's CPU time so far. */
    long sample() {
        sample(false);
        return os.getProcessCpuTime();
    }

    private void sample(boolean baseline) {
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] alloc = threads.getThreadAllocatedBytes(ids);
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) {
                continue;
            }
            Track t = tracks.get(ids[i]);
            if (t == null) {
                // A thread born after begin() counts from zero.
                t = baseline ? new Track(infos[i].getThreadName(), cpu[i], Math.max(0, alloc[i]))
                        : new Track(infos[i].getThreadName(), 0, 0);
                tracks.put(ids[i], t);
            }
            t.cpu = cpu[i];
            t.alloc = Math.max(t.alloc, alloc[i]);
        }
        heapMax = Math.max(heapMax, memory.getHeapMemoryUsage().getUsed());
        rssMax = Math.max(rssMax, rssBytes());
    }

    /** What each role used since {@link #begin()}. */
    Usage end() {
        sample(false);
        double seconds = (System.nanoTime() - wall0) / 1e9;
        Map<String, double[]> byRole = new TreeMap<>();
        Map<String, Integer> threadCount = new TreeMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        Map<String, Double> perThread = new HashMap<>();
        double threadSum = 0;
        for (Track t : tracks.values()) {
            double cpuS = (t.cpu - t.cpu0) / 1e9;
            perThread.merge(t.name, cpuS, Double::sum);
            double allocMb = (t.alloc - t.alloc0) / 1e6;
            double[] a = byRole.computeIfAbsent(t.role, r -> new double[2]);
            a[0] += cpuS;
            a[1] += allocMb;
            threadSum += cpuS;
            threadCount.merge(t.role, 1, Integer::sum);
            if (t.role.equals(ThreadRoles.OTHER) && unknown.size() < 20) {
                unknown.add(t.name.replaceAll("\\d+", "N"));
            }
        }
        double processS = (os.getProcessCpuTime() - process0) / 1e9;
        long[] m = machineJiffies();
        double machineS = m[0] < 0 || machine0 < 0 ? -1 : (m[0] - machine0) / (double) USER_HZ;
        double stealS = m[1] < 0 || steal0 < 0 ? -1 : (m[1] - steal0) / (double) USER_HZ;
        Map<String, RoleUsage> roles = new TreeMap<>();
        byRole.forEach((role, a) -> roles.put(role, new RoleUsage(round(a[0]), round(a[0] / seconds),
                round(a[1] / seconds), threadCount.get(role))));
        double unattributed = Math.max(0, processS - threadSum);
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        Memory mem = new Memory(mb(heapMax), mb(memory.getHeapMemoryUsage().getCommitted()),
                mb(memory.getNonHeapMemoryUsage().getUsed()), mb(rssMax), gcCount - gcCount0,
                round((gcMillis - gcMillis0) / 1000.0));
        Map<String, Double> topThreads = new java.util.LinkedHashMap<>();
        perThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(TOP_THREADS)
                .forEach(e -> topThreads.put(e.getKey(), round(e.getValue() / seconds)));
        return new Usage(round(seconds), roles, topThreads, round(processS / seconds), round(unattributed / seconds),
                machineS < 0 ? Double.NaN : round(Math.max(0, machineS - processS) / seconds),
                stealS < 0 ? Double.NaN : round(stealS / seconds), new ArrayList<>(unknown), mem);
    }

    /**
     * CPU and allocation of one role.
     *
     * @param cpuSeconds CPU time of its threads
     * @param cores the same per second of wall time
     * @param allocatedMBPerSecond heap its threads allocated, MB per second
     * @param threads how many of its threads were seen
     */
    record RoleUsage(double cpuSeconds, double cores, double allocatedMBPerSecond, int threads) {}

    /**
     * Memory of the whole process (one JVM holds every role, so heap is not split by role; allocation rates are).
     *
     * @param heapUsedMaxMB largest heap use seen at a sample
     * @param heapCommittedMB heap committed at the end
     * @param nonHeapUsedMB metaspace, code cache and other non-heap pools at the end
     * @param rssMaxMB largest resident set (includes native memory of ONNX Runtime, TFLite, buffers)
     * @param gcCount collections during the measurement
     * @param gcSeconds time spent in them
     */
    record Memory(double heapUsedMaxMB, double heapCommittedMB, double nonHeapUsedMB, double rssMaxMB, long gcCount,
                  double gcSeconds) {}

    /**
     * @param seconds wall time measured
     * @param roles CPU and allocation by role
     * @param topThreads the busiest threads, cores
     * @param processCores the process's CPU per second of wall time
     * @param unattributedCores process CPU not seen on any Java thread: GC and JIT threads, threads that ended
     * @param otherProcessesCores CPU the rest of the machine used meanwhile (from /proc/stat; NaN where unavailable)
     * @param stealCores CPU the hypervisor gave to other guests while this machine wanted it (/proc/stat steal)
     * @param unknownThreads names of threads no role claimed (digits as N)
     * @param memory heap, RSS and GC of the process
     */
    record Usage(double seconds, Map<String, RoleUsage> roles, Map<String, Double> topThreads, double processCores, double unattributedCores,
                 double otherProcessesCores, double stealCores, List<String> unknownThreads, Memory memory) {
        /** Cores used by the given roles. */
        double cores(List<String> names) {
            double c = 0;
            for (String n : names) {
                RoleUsage u = roles.get(n);
                if (u != null) {
                    c += u.cores();
                }
            }
            return round(c);
        }
    }

    /** {busy, steal} jiffies of the whole machine; -1 where /proc/stat cannot be read. */
    private static long[] machineJiffies() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal guest guest_nice
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(f[i]);
            }
            return new long[] {busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private static double mb(long bytes) {
        return round(bytes / 1e6);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
