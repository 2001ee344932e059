package dev.cascade.bench.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on.
 *
 * @param cpus processors available to the JVM ({@code nproc})
 * @param cpuModel the CPU's model name
 * @param memoryMB physical memory
 * @param os operating system and kernel
 * @param jvm JVM name and version
 * @param maxHeapMB the JVM's heap limit
 * @param jvmArgs the JVM's input arguments
 */
record MachineInfo(int cpus, String cpuModel, long memoryMB, String os, String jvm, long maxHeapMB, List<String> jvmArgs) {

    static MachineInfo read() {
        String model = "unknown";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        long mem = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o) {
            mem = o.getTotalMemorySize() / (1024 * 1024);
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), model, mem,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** The 1-minute load average, or -1 where the OS does not report it. */
    static double loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(s.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
