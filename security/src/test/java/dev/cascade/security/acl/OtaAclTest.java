package dev.cascade.security.acl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtaAclTest {
    private static final AclModel MODEL = AclModel.of(FleetFile.parse("""
            namespace cascade
            device press-0
            gateway gateway-1 serves=press-0
            gateway gateway-2
            models ota
            """, "test"));

    @Test
    void gateway_readsOnlyItsOwnOtaTopics() {
        assertThat(MODEL.subscribe("gateway-1", "cascade/v1/gateway-1/ota-announce").allowed()).isTrue();
        assertThat(MODEL.subscribe("gateway-1", "cascade/v1/gateway-1/ota-chunks").allowed()).isTrue();
        Decision other = MODEL.subscribe("gateway-1", "cascade/v1/gateway-2/ota-chunks");
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("gateway-1 may not subscribe to cascade/v1/gateway-2/ota-chunks");
        assertThat(MODEL.subscribe("gateway-1", "cascade/v1/press-0/ota-announce").allowed()).isFalse();
        assertThat(MODEL.subscribe("gateway-1", "cascade/v1/+/ota-announce").allowed()).isFalse();
    }

    @Test
    void gateway_requestsAndReportsOnlyForItself_andCannotAnnounce() {
        assertThat(MODEL.publish("gateway-1", "cascade/v1/gateway-1/ota-requests").allowed()).isTrue();
        assertThat(MODEL.publish("gateway-1", "cascade/v1/gateway-1/ota-status").allowed()).isTrue();
        assertThat(MODEL.publish("gateway-1", "cascade/v1/gateway-2/ota-status").allowed()).isFalse();
        assertThat(MODEL.publish("gateway-1", "cascade/v1/gateway-1/ota-announce").reason())
                .isEqualTo("gateway-1 may not publish on cascade/v1/gateway-1/ota-announce");
        assertThat(MODEL.publish("gateway-1", "cascade/v1/gateway-1/ota-chunks").allowed()).isFalse();
        assertThat(MODEL.publish("press-0", "cascade/v1/press-0/ota-requests").allowed()).isFalse();
    }

    @Test
    void modelsIdentity_announcesAndServesEveryGateway_butSendsNoCommands() {
        assertThat(MODEL.publish("ota", "cascade/v1/gateway-2/ota-announce").allowed()).isTrue();
        assertThat(MODEL.publish("ota", "cascade/v1/gateway-2/ota-chunks").allowed()).isTrue();
        assertThat(MODEL.subscribe("ota", "cascade/v1/+/ota-requests").allowed()).isTrue();
        assertThat(MODEL.subscribe("ota", "cascade/v1/+/ota-status").allowed()).isTrue();
        assertThat(MODEL.publish("ota", "cascade/v1/press-0/commands").allowed()).isFalse();
        assertThat(MODEL.subscribe("ota", "cascade/v1/+/escalations").allowed()).isFalse();
    }
}
