package dev.cascade.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicFilterTest {
    @Test
    void plus_matchesExactlyOneLevel() {
        TopicFilter f = new TopicFilter("cascade/v1/+/acks");

        assertThat(f.matches("cascade/v1/valve-1/acks")).isTrue();
        assertThat(f.matches("cascade/v1/a/b/acks")).isFalse();
        assertThat(f.matches("cascade/v1/valve-1/commands")).isFalse();
    }

    @Test
    void hash_matchesTheRest() {
        assertThat(new TopicFilter("cascade/#").matches("cascade/v1/x/acks")).isTrue();
        assertThat(new TopicFilter("cascade/v1/x/#").matches("cascade/v1/x")).isTrue();
    }

    @Test
    void sharedSubscriptionPrefix_isIgnoredForMatching() {
        assertThat(new TopicFilter("$share/ingest/cascade/v1/+/escalations").matches("cascade/v1/m-1/escalations")).isTrue();
    }
}
