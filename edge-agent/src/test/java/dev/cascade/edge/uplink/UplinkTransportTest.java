package dev.cascade.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.transport.awsiot.AwsIotSettings;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UplinkTransportTest {
    private static final AwsIotSettings AWS = AwsIotSettings.of("abc-ats.iot.eu-west-1.amazonaws.com", 8883, "gw-1",
            Path.of("gw.pem"), Path.of("gw-key.pem"), Optional.empty());

    @Test
    void awsIot_withoutSettings_isRefused() {
        assertThatThrownBy(() -> new UplinkTransport(UplinkTransport.Kind.AWS_IOT, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("awsIot must be set when kind is aws-iot, was empty");
    }

    @Test
    void mqtt_withAwsSettings_isRefused() {
        assertThatThrownBy(() -> new UplinkTransport(UplinkTransport.Kind.MQTT, Optional.of(AWS)))
                .hasMessage("awsIot must be empty when kind is mqtt, was abc-ats.iot.eu-west-1.amazonaws.com");
    }

    @Test
    void persistentSession_followsTheChosenClientsSettings() {
        MqttSettings clean = MqttSettings.of("tcp://127.0.0.1:1883", "gw-1-uplink");

        assertThat(UplinkTransport.mqtt().persistentSession(clean)).isFalse();
        assertThat(UplinkTransport.mqtt().persistentSession(clean.withPersistentSession(Duration.ofHours(1)))).isTrue();
        assertThat(UplinkTransport.awsIot(AWS).persistentSession(clean)).isTrue();
        assertThat(UplinkTransport.awsIot(AWS).endpoint(clean)).isEqualTo("aws-iot://abc-ats.iot.eu-west-1.amazonaws.com:8883");
    }

    @Test
    void uplinkOptions_keepTheirTransport_throughWithers() {
        UplinkOptions o = UplinkOptions.immediate().withTransport(UplinkTransport.awsIot(AWS)).withDeflate(true);

        assertThat(o.transport().awsIot()).contains(AWS);
        assertThat(UplinkOptions.immediate().transport()).isEqualTo(UplinkTransport.mqtt());
    }
}
