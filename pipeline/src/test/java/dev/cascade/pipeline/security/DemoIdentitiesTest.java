package dev.cascade.pipeline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.mqtt.MqttSettings;
import org.junit.jupiter.api.Test;

class DemoIdentitiesTest {
    private final DemoIdentities ids = DemoIdentities.of(Topics.DEFAULT, "gateway-1", "ingest-1", "actuators-1", "actuators");

    @Test
    void roles_logInAsThemselves_withAPasswordOfThisRun() {
        MqttSettings s = ids.login(MqttSettings.of("tcp://127.0.0.1:1883", "ingest-1"), "ingest-1");
        assertThat(s.username()).contains("ingest-1");
        assertThat(s.password().orElseThrow()).hasSize(32).isEqualTo(ids.password("ingest-1"));
        assertThat(DemoIdentities.of(Topics.DEFAULT, "gateway-1", "ingest-1", "actuators-1", "actuators").password("ingest-1"))
                .isNotEqualTo(ids.password("ingest-1"));
        assertThat(ids.brokerSecurity().passwords()).containsOnlyKeys("gateway-1", "ingest-1", "actuators-1", "cascade-sim");
    }

    @Test
    void theSimulatedFleet_speaksForDevices_butCannotCommandThemOrReadEscalations() {
        assertThat(ids.model().publish("cascade-sim", "cascade/v1/press-0001/windows").allowed()).isTrue();
        assertThat(ids.model().subscribe("cascade-sim", "$share/ingest/cascade/v1/+/escalations").allowed()).isFalse();
        assertThat(ids.model().connect("cascade-sim", "cascade-sim-0").allowed()).isTrue();
        assertThat(ids.model().connect("cascade-sim", "gateway-1-uplink").allowed()).isFalse();
        assertThat(ids.model().publish("actuators-1", "cascade/v1/press-0001/commands").allowed()).isTrue();
    }

    @Test
    void unknownIdentity_isRefusedByName() {
        assertThatThrownBy(() -> ids.password("intruder"))
                .hasMessage("identity must be one of " + ids.brokerSecurity().passwords().keySet() + ", was intruder");
    }
}
