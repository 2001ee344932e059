package dev.cascade.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowLedgerTest {

    @Test
    void injectedWindows_doNotHideMissingOnes() {
        WindowLedger ledger = new WindowLedger();
        ledger.sent("a");
        ledger.sent("b");
        ledger.sent("c");
        ledger.decidedAtEdge("a");
        ledger.inKafka("b");
        ledger.decidedAtEdge("injected-1");

        assertThat(ledger.counts()).isEqualTo(new WindowLedger.Counts(3, 1, 1, 1, 1));
    }

    @Test
    void aWindowAccountedBeforeItsSendIsRecorded_isNotLost() {
        WindowLedger ledger = new WindowLedger();
        ledger.inKafka("a");
        ledger.sent("a");
        ledger.inKafka("a");

        assertThat(ledger.counts()).isEqualTo(new WindowLedger.Counts(1, 0, 1, 0, 0));
    }
}
