package dev.cascade.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadRolesTest {
    @Test
    void cascadeThreads_areAttributedByTheirRolePrefix() {
        assertThat(ThreadRoles.of("cascade-edge-worker-0")).isEqualTo(ThreadRoles.EDGE);
        assertThat(ThreadRoles.of("cascade-edge-uplink-gateway-1")).isEqualTo(ThreadRoles.EDGE);
        assertThat(ThreadRoles.of("cascade-ingest-writer-ingest-1")).isEqualTo(ThreadRoles.INGEST);
        assertThat(ThreadRoles.of("cascade-cloud-worker-0")).isEqualTo(ThreadRoles.CLOUD);
        assertThat(ThreadRoles.of("cascade-actuators-resend-actuators-1")).isEqualTo(ThreadRoles.ACTUATORS);
        assertThat(ThreadRoles.of("cascade-sim-worker-1")).isEqualTo(ThreadRoles.SIMULATOR);
        assertThat(ThreadRoles.of("cascade-monitor")).isEqualTo(ThreadRoles.HARNESS);
        assertThat(ThreadRoles.of("cascade-bench-http-server-3")).isEqualTo(ThreadRoles.HTTP_SERVER);
        assertThat(ThreadRoles.of("cascade-bench-http-client-dispatch")).isEqualTo(ThreadRoles.HTTP_CLIENT);
    }

    @Test
    void clientLibraryThreads_areAttributedByTheClientIdInTheirName() {
        assertThat(ThreadRoles.of("MQTT Rec: gateway-1-uplink")).isEqualTo(ThreadRoles.EDGE);
        assertThat(ThreadRoles.of("MQTT Call: ingest-1")).isEqualTo(ThreadRoles.INGEST);
        assertThat(ThreadRoles.of("MQTT Snd: actuators-1")).isEqualTo(ThreadRoles.ACTUATORS);
        assertThat(ThreadRoles.of("MQTT Ping: cascade-sim-bench-0")).isEqualTo(ThreadRoles.SIMULATOR);
        assertThat(ThreadRoles.of("kafka-producer-network-thread | ingest-1-ingest-producer-3")).isEqualTo(ThreadRoles.INGEST);
        assertThat(ThreadRoles.of("kafka-producer-network-thread | cloud-infer-1-cloud-infer-producer-7"))
                .isEqualTo(ThreadRoles.CLOUD);
        assertThat(ThreadRoles.of("consumer_background_thread")).isEqualTo(ThreadRoles.KAFKA_CONSUMERS);
    }

    @Test
    void brokerAndJvmThreads_areAttributedToTheBrokersAndTheJvm_andTheRestToOther() {
        assertThat(ThreadRoles.of("hivemq-eventloop-child-2")).isEqualTo(ThreadRoles.MQTT_BROKER);
        assertThat(ThreadRoles.of("data-plane-kafka-request-handler-7")).isEqualTo(ThreadRoles.KAFKA_BROKER);
        assertThat(ThreadRoles.of("kafka-1-raft-io-thread")).isEqualTo(ThreadRoles.KAFKA_BROKER);
        assertThat(ThreadRoles.of("quorum-controller-1-event-handler")).isEqualTo(ThreadRoles.KAFKA_BROKER);
        assertThat(ThreadRoles.of("Reference Handler")).isEqualTo(ThreadRoles.JVM);
        assertThat(ThreadRoles.of("some-library-thread")).isEqualTo(ThreadRoles.OTHER);
    }
}
