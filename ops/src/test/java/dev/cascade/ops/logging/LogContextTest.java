package dev.cascade.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void scope_setsBothIds_andClosingRemovesThem() {
        try (LogContext ignored = LogContext.of("corr-1", "press-1")) {
            assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("corr-1");
            assertThat(MDC.get(LogContext.DEVICE_ID)).isEqualTo("press-1");
        }
        assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
        assertThat(MDC.get(LogContext.DEVICE_ID)).isNull();
    }

    @Test
    void nestedScope_restoresTheOuterRecordsIds() {
        try (LogContext outer = LogContext.of("corr-outer", "gw-1")) {
            try (LogContext inner = LogContext.of("corr-inner", "m-7")) {
                assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("corr-inner");
            }
            assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("corr-outer");
            assertThat(MDC.get(LogContext.DEVICE_ID)).isEqualTo("gw-1");
        }
    }

    @Test
    void missingOrBlankIds_fromTheWire_leaveTheKeyUnset_andNeverThrow() {
        MDC.put(LogContext.CORRELATION_ID, "corr-earlier");
        try (LogContext ignored = LogContext.of(null, " ")) {
            assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
            assertThat(MDC.get(LogContext.DEVICE_ID)).isNull();
        }
        assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("corr-earlier");
        try (LogContext ignored = LogContext.device("m-3")) {
            assertThat(MDC.get(LogContext.DEVICE_ID)).isEqualTo("m-3");
            assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
        }
    }

    @Test
    void closeOnAnotherThread_leavesBothThreadsContextsAlone() throws InterruptedException {
        LogContext scope = LogContext.of("corr-main", "m-1");
        AtomicReference<String> other = new AtomicReference<>("unset");
        Thread t = new Thread(() -> {
            MDC.put(LogContext.CORRELATION_ID, "corr-other");
            scope.close();
            other.set(MDC.get(LogContext.CORRELATION_ID));
        });
        t.start();
        t.join();

        assertThat(other.get()).isEqualTo("corr-other");
        assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("corr-main");
        scope.close();
        assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
    }
}
