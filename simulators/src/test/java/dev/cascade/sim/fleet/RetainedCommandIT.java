package dev.cascade.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.sim.device.Commands;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 9 point 6: a retained command is never obeyed, neither on subscribing nor when published live. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetainedCommandIT {

    @Test
    void retainedCommands_areIgnored_andALiveCommandIsObeyed(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        List<FleetDevice> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            devices.add(FleetDevice.of(new VibrationDevice(DeviceId.of("press-" + i), new Machine(MachineSpec.defaults(), i), 1),
                    Duration.ofMillis(200)));
        }
        DeviceId kept = DeviceId.of("press-1");
        DeviceId liveRetained = DeviceId.of("press-2");
        DeviceId live = DeviceId.of("press-0");
        MqttClient forger = new MqttClient(brokers.mqttUri(), "forger-" + System.nanoTime(), new MemoryPersistence());
        MqttTransport transport = new MqttTransport(brokers.mqttSettings("it-fleet"), 1, 1);
        try (MqttProbe acks = new MqttProbe(brokers.mqttSettings("it-acks")).subscribe(topics.mqttFilter(Channel.ACKS))) {
            forger.connect(new MqttConnectionOptions());
            // Kept by the broker before the devices subscribe: would be handed to them on subscribing.
            forger.publish(topics.mqtt(Channel.COMMANDS, kept), retained(Codecs.command().encode(Commands.stop(kept, Instant.now()))));
            try (Fleet fleet = new Fleet(devices, List.of(), transport, FleetOptions.defaults(topics), InstantSource.system(),
                    FleetObserver.NONE)) {
                fleet.start();
                forger.publish(topics.mqtt(Channel.COMMANDS, liveRetained),
                        retained(Codecs.command().encode(Commands.stop(liveRetained, Instant.now()))));
                acks.publish(topics.mqtt(Channel.COMMANDS, live), Codecs.command().encode(Commands.stop(live, Instant.now())));

                List<MqttProbe.Message> got = acks.await(1, Duration.ofSeconds(30));

                assertThat(got).hasSize(1);
                CommandAck ack = Codecs.commandAck().decode(got.get(0).payload()).orElseThrow();
                assertThat(ack.deviceId()).isEqualTo(live);
                assertThat(ack.status()).isEqualTo(AckStatus.EXECUTED);
                // One connection delivers in order: both retained commands came before the live one.
                assertThat(transport.retainedIgnored()).isEqualTo(2);
                assertThat(fleet.stats().machinesRunning()).isEqualTo(2);
                assertThat(fleet.stats().commandsReceived()).isEqualTo(1);
            }
        } finally {
            forger.publish(topics.mqtt(Channel.COMMANDS, kept), retained(new byte[0]));
            forger.publish(topics.mqtt(Channel.COMMANDS, liveRetained), retained(new byte[0]));
            forger.disconnect();
            forger.close();
        }
    }

    private static MqttMessage retained(byte[] payload) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(true);
        return m;
    }
}
