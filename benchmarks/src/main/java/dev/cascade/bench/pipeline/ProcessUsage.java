package dev.cascade.bench.pipeline;

import dev.cascade.bench.processes.ProcSample;

/**
 * What one process of the multi-process layout used over a phase's measured interval, from {@code /proc/<pid>/stat}
 * and {@code /proc/<pid>/status} sampled at its start and end.
 *
 * @param pid the process id
 * @param startToReadyMs spawn to the first 200 on /health/ready (brokers: spawn to their port accepting connections;
 *     Kafka: including formatting its storage)
 * @param cpuSeconds user + system CPU over the measured interval
 * @param cores the same per second of wall time
 * @param rssStartMiB resident set at the start of the measured interval (VmRSS)
 * @param rssEndMiB resident set at its end
 * @param rssPeakMiB the largest resident set of the process's life so far (VmHWM at the end)
 */
record ProcessUsage(long pid, double startToReadyMs, double cpuSeconds, double cores, double rssStartMiB,
                    double rssEndMiB, double rssPeakMiB) {

    static ProcessUsage of(long pid, double startToReadyMs, ProcSample start, ProcSample end, double seconds) {
        double cpu = end.cpuSecondsSince(start);
        return new ProcessUsage(pid, startToReadyMs, RoleMeter.round(cpu), seconds > 0 ? RoleMeter.round(cpu / seconds) : 0,
                mib(start.rssKiB()), mib(end.rssKiB()), mib(end.hwmKiB()));
    }

    private static double mib(long kib) {
        return Math.round(kib / 1024.0 * 10) / 10.0;
    }
}
