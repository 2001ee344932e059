package dev.cascade.edge.health;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the process's CPU share, heap, resident memory and the free disk space where the agent keeps state. */
public final class SystemProbe {
    private final Path disk;

    /** {@code disk}: a path on the file system whose free space is reported. */
    public SystemProbe(Path disk) {
        this.disk = disk;
    }

    /** The process's share of the machine's CPU since the last call, 0..1, or -1 when not known. */
    public double cpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double l = os.getProcessCpuLoad();
            return l >= 0 && l <= 1 ? l : -1;
        }
        return -1;
    }

    public long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS from /proc/self/status; 0 where there is none. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    public long diskFreeBytes() {
        try {
            Path p = disk.toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            return p == null ? 0 : Math.max(0, Files.getFileStore(p).getUsableSpace());
        } catch (IOException e) {
            return 0;
        }
    }
}
