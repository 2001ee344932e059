package dev.cascade.bench.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcSampleTest {
    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 4000000 kB
            VmHWM:\t  204800 kB
            VmRSS:\t  153600 kB
            Threads:\t42
            """;

    @Test
    void parse_statWithSpacesInTheCommand_readsUtimePlusStimeAndTheMemoryLines() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "1234 (java main (x)) S 1 1234 1234 0 -1 4194560 5000 0 3 0 250 75 0 0 20 0 42 0 100 0 0";

        ProcSample s = ProcSample.parse(stat, STATUS);

        assertThat(s.cpuTicks()).isEqualTo(325);
        assertThat(s.rssKiB()).isEqualTo(153_600);
        assertThat(s.hwmKiB()).isEqualTo(204_800);
    }

    @Test
    void cpuSecondsSince_anEarlierSample_isTheTickDifferenceAtUserHz() {
        ProcSample a = new ProcSample(100, 1, 1);
        ProcSample b = new ProcSample(350, 1, 1);

        assertThat(b.cpuSecondsSince(a)).isEqualTo(2.5);
        assertThat(a.cpuSecondsSince(b)).isZero();
    }

    @Test
    void read_ofThisJvm_hasCpuAndResidentMemory() {
        ProcSample s = ProcSample.read(ProcessHandle.current().pid());

        assertThat(s.cpuTicks()).isPositive();
        assertThat(s.rssKiB()).isPositive();
        assertThat(s.hwmKiB()).isGreaterThanOrEqualTo(s.rssKiB());
    }

    @Test
    void read_ofAProcessThatIsGone_isNone() {
        assertThat(ProcSample.read(Long.MAX_VALUE)).isEqualTo(ProcSample.NONE);
    }

    @Test
    void new_withNegativeTicks_isRefusedWithTheValues() {
        assertThatThrownBy(() -> new ProcSample(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpuTicks, rssKiB and hwmKiB must be >= 0, was -1, 0, 0");
    }
}
