package dev.cascade.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.window.DeviceId;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final Topics topics = Topics.DEFAULT;

    @Test
    void mqttTopic_putsTheDeviceBeforeTheChannel() {
        assertThat(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("press-07"))).isEqualTo("cascade/v1/press-07/escalations");
        assertThat(topics.mqttFilter(Channel.ACKS)).isEqualTo("cascade/v1/+/acks");
        assertThat(topics.mqttShared("ingest", Channel.ESCALATIONS)).isEqualTo("$share/ingest/cascade/v1/+/escalations");
    }

    @Test
    void kafkaTopic_isNamespaceVersionChannel() {
        assertThat(topics.kafka(Channel.COMMANDS)).isEqualTo("cascade.v1.commands");
        assertThat(new Topics("test-42").kafka(Channel.DEAD_LETTER)).isEqualTo("test-42.v1.dead-letter");
        assertThat(topics.allKafka()).contains("cascade.v1.escalations", "cascade.v1.alerts").doesNotContain("cascade.v1.windows");
    }

    @Test
    void parseMqtt_returnsDeviceAndChannel() {
        Topics.Route r = topics.parseMqtt("cascade/v1/valve-3/acks").orElseThrow();

        assertThat(r.device()).isEqualTo(DeviceId.of("valve-3"));
        assertThat(r.channel()).isEqualTo(Channel.ACKS);
    }

    @Test
    void parseMqtt_foreignOrMalformedTopics_areEmpty() {
        assertThat(topics.parseMqtt("other/v1/x/acks")).isEmpty();
        assertThat(topics.parseMqtt("cascade/v1/x/unknown")).isEmpty();
        assertThat(topics.parseMqtt("cascade/v1/x/y/acks")).isEmpty();
        assertThat(topics.parseMqtt("cascade/v1/bad device/acks")).isEmpty();
        assertThat(topics.parseMqtt(null)).isEmpty();
    }

    @Test
    void channelNotOnATransport_isRefusedByName() {
        assertThatThrownBy(() -> topics.kafka(Channel.WINDOWS)).hasMessage("channel WINDOWS is not carried on Kafka");
        assertThatThrownBy(() -> topics.mqttFilter(Channel.RESULTS)).hasMessage("channel RESULTS is not carried on MQTT");
    }

    @Test
    void namespace_mustBeTopicSafe() {
        assertThatThrownBy(() -> new Topics("a/b"))
                .hasMessage("namespace must be 1-32 characters of [a-z0-9-] starting with a letter, was \"a/b\"");
    }
}
