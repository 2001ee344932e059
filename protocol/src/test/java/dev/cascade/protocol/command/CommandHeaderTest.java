package dev.cascade.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandHeaderTest {

    @Test
    void caused_derivesTheSameCommandIdForTheSameCause_soRetriesDeduplicate() {
        CommandHeader a = Fixtures.header();
        CommandHeader b = CommandHeader.caused("stop", Fixtures.PRESS, Fixtures.CID, CommandOrigin.CLOUD,
                Fixtures.T0.plusSeconds(5), Duration.ofSeconds(30), Fixtures.T0);

        assertThat(a.commandId()).isEqualTo(b.commandId());
    }

    @Test
    void caused_differsByActionAndOrigin() {
        CommandHeader edge = CommandHeader.caused("stop", Fixtures.PRESS, Fixtures.CID, CommandOrigin.EDGE,
                Fixtures.T0, Duration.ofSeconds(30), Fixtures.T0);
        CommandHeader open = CommandHeader.caused("open", Fixtures.PRESS, Fixtures.CID, CommandOrigin.CLOUD,
                Fixtures.T0, Duration.ofSeconds(30), Fixtures.T0);

        assertThat(edge.commandId()).isNotEqualTo(Fixtures.header().commandId());
        assertThat(open.commandId()).isNotEqualTo(Fixtures.header().commandId());
    }

    @Test
    void expiry_isExclusiveOfExpiresAt() {
        CommandHeader h = Fixtures.header();

        assertThat(h.expiredAt(h.expiresAt().minusNanos(1000))).isFalse();
        assertThat(h.expiredAt(h.expiresAt())).isTrue();
    }

    @Test
    void ttl_mustBePositive() {
        assertThatThrownBy(() -> CommandHeader.caused("stop", Fixtures.PRESS, Fixtures.CID, CommandOrigin.CLOUD,
                Fixtures.T0, Duration.ZERO, Fixtures.T0)).hasMessage("ttl must be > 0, was PT0S");
    }
}
