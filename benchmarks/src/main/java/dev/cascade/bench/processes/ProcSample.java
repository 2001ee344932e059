package dev.cascade.bench.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of one process at one moment, from {@code /proc/<pid>/stat} (utime + stime) and
 * {@code /proc/<pid>/status} (VmRSS, VmHWM).
 *
 * @param cpuTicks user + system CPU time in clock ticks (USER_HZ, 100 per second on Linux)
 * @param rssKiB resident set now
 * @param hwmKiB the largest resident set the process has had
 */
public record ProcSample(long cpuTicks, long rssKiB, long hwmKiB) {
    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ; 100 on every Linux build in use). */
    public static final long TICKS_PER_SECOND = 100;

    /** An empty sample: the process was gone or this is not Linux. */
    public static final ProcSample NONE = new ProcSample(0, 0, 0);

    public ProcSample {
        if (cpuTicks < 0 || rssKiB < 0 || hwmKiB < 0) {
            throw new IllegalArgumentException("cpuTicks, rssKiB and hwmKiB must be >= 0, was " + cpuTicks + ", " + rssKiB
                    + ", " + hwmKiB);
        }
    }

    /** The process's figures now, or {@link #NONE} when it is gone. */
    public static ProcSample read(long pid) {
        try {
            Path dir = Path.of("/proc", Long.toString(pid));
            return parse(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("status"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException gone) {
            return NONE;
        }
    }

    /** Parses the contents of {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
    static ProcSample parse(String stat, String status) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("stat must hold the command in parentheses, was " + stat);
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); utime is field 14, stime field 15.
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return new ProcSample(utime + stime, kib(status, "VmRSS:"), kib(status, "VmHWM:"));
    }

    private static long kib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
            }
        }
        return 0;
    }

    /** CPU seconds used between {@code earlier} and this sample. */
    public double cpuSecondsSince(ProcSample earlier) {
        return Math.max(0, cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND;
    }
}
