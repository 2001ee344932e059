package dev.cascade.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.junit.jupiter.api.Test;

class PahoReceivePathTest {
    @Test
    void cascadesCountingInputStream_shadowsPahos() {
        assertThat(PahoReceivePath.copiesBlocks()).isTrue();
    }

    @Test
    void receivedPublish_decodesTopicPropertiesAndPayloadByteForByte() throws Exception {
        byte[] payload = new byte[4096 + 17];
        new Random(7).nextBytes(payload);
        MqttMessage m = new MqttMessage(payload, 1, false, null);
        MqttProperties props = new MqttProperties();
        props.setContentType("application/cbor");
        props.setUserProperties(java.util.List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("k", "v")));
        MqttPublish out = new MqttPublish("cascade/v1/press-0001/windows", m, props);
        out.setMessageId(42);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(out.getHeader());
        packet.write(out.getPayload());

        MqttPublish in = (MqttPublish) MqttWireMessage.createWireMessage(packet.toByteArray());

        assertThat(in.getTopicName()).isEqualTo("cascade/v1/press-0001/windows");
        assertThat(in.getMessageId()).isEqualTo(42);
        assertThat(in.getProperties().getContentType()).isEqualTo("application/cbor");
        assertThat(in.getProperties().getUserProperties()).hasSize(1);
        assertThat(in.getMessage().getPayload()).isEqualTo(payload);
    }
}
