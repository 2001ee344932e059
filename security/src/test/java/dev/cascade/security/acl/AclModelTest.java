package dev.cascade.security.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AclModelTest {
    private static final AclModel MODEL = AclModel.of(FleetFile.parse("""
            namespace cascade
            device press-0
            device press-1
            gateway gateway-1 serves=press-0   # the edge of press-0
            gateway sim serves=*
            ingest ingest-1 group=ingest
            actuators actuators-1 group=actuators
            admin ops
            """, "test"));

    @Test
    void device_publishesOnlyItsOwnTopics() {
        assertThat(MODEL.publish("press-0", "cascade/v1/press-0/windows").allowed()).isTrue();
        assertThat(MODEL.publish("press-0", "cascade/v1/press-0/acks").allowed()).isTrue();
        assertThat(MODEL.publish("press-0", "cascade/v1/press-0/escalation-batches-deflate").allowed()).isTrue();
        assertThat(MODEL.subscribe("press-0", "cascade/v1/press-0/config").allowed()).isTrue();
        assertThat(MODEL.subscribe("press-0", "cascade/v1/press-1/config").allowed()).isFalse();
        assertThat(MODEL.subscribe("ingest-1", "$share/ingest/cascade/v1/+/escalation-batches-deflate").allowed()).isTrue();
        Decision other = MODEL.publish("press-0", "cascade/v1/press-1/escalations");
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("press-0 may not publish on cascade/v1/press-1/escalations");
    }

    @Test
    void device_publishingACommand_isRefused() {
        assertThat(MODEL.publish("press-0", "cascade/v1/press-0/commands").allowed()).isFalse();
        assertThat(MODEL.publish("actuators-1", "cascade/v1/press-0/commands").allowed()).isTrue();
    }

    @Test
    void device_subscribesOnlyToItsOwnCommands() {
        assertThat(MODEL.subscribe("press-0", "cascade/v1/press-0/commands").allowed()).isTrue();
        assertThat(MODEL.subscribe("press-0", "cascade/v1/press-1/commands").allowed()).isFalse();
        assertThat(MODEL.subscribe("press-0", "cascade/v1/+/commands").allowed()).isFalse();
        assertThat(MODEL.subscribe("press-0", "#").reason()).isEqualTo("press-0 may not subscribe to #");
        assertThat(MODEL.subscribe("ops", "#").allowed()).isTrue();
        assertThat(MODEL.publish("ops", "cascade/v1/press-0/commands").allowed()).isFalse();
    }

    @Test
    void gateway_speaksForTheDevicesItServes() {
        assertThat(MODEL.publish("gateway-1", "cascade/v1/press-0/escalations").allowed()).isTrue();
        assertThat(MODEL.publish("gateway-1", "cascade/v1/gateway-1/escalation-batches").allowed()).isTrue();
        assertThat(MODEL.publish("gateway-1", "cascade/v1/press-0/commands").allowed()).isTrue();
        assertThat(MODEL.publish("gateway-1", "cascade/v1/press-1/escalations").allowed()).isFalse();
        assertThat(MODEL.subscribe("gateway-1", "cascade/v1/press-0/windows").allowed()).isTrue();
        assertThat(MODEL.subscribe("gateway-1", "cascade/v1/+/windows").allowed()).isFalse();
        assertThat(MODEL.subscribe("sim", "cascade/v1/+/windows").allowed()).isTrue();
    }

    @Test
    void acks_areReadByTheActuatorsGroupOnly() {
        assertThat(MODEL.subscribe("ingest-1", "$share/ingest/cascade/v1/+/acks").allowed()).isFalse();
        assertThat(MODEL.subscribe("ingest-1", "$share/actuators/cascade/v1/+/acks").allowed()).isFalse();
        assertThat(MODEL.subscribe("actuators-1", "$share/actuators/cascade/v1/+/acks").allowed()).isTrue();
    }

    @Test
    void sharedGroupIntruders_withoutAnAdmin_isEmpty_evenWithSeveralInstancesOfARole() {
        AclModel cluster = AclModel.of(FleetFile.parse("""
                device press-0
                gateway gateway-1 serves=* connections=uplink,uplink-device
                ingest cascade-ingest-0 group=ingest connections=probe
                ingest cascade-ingest-1 group=ingest connections=probe
                actuators cascade-actuate-0 group=actuators connections=probe,acks-0
                actuators cascade-actuate-1 group=actuators connections=probe,acks-0
                models cascade-models
                """, "cluster"));

        assertThat(cluster.sharedGroupIntruders()).isEmpty();
    }

    @Test
    void sharedGroupIntruders_namesTheAdmin_whoseHashReadsEveryGroupsTopics() {
        assertThat(MODEL.sharedGroupIntruders())
                .contains("admin ops may read #, which ingest ingest-1 reads through $share/ingest/cascade/v1/+/escalations",
                        "admin ops may read #, which actuators actuators-1 reads through $share/actuators/cascade/v1/+/acks")
                .allSatisfy(s -> assertThat(s).startsWith("admin ops may read #"));
    }

    @Test
    void sharedGroupIntruders_namesASecondRoleReadingAGroupsTopic() {
        AclModel twoGroups = AclModel.of(FleetFile.parse("""
                ingest ingest-1 group=ingest
                ingest ingest-b group=other
                """, "two"));

        assertThat(twoGroups.sharedGroupIntruders()).contains(
                "ingest ingest-b may read cascade/v1/+/escalations, which ingest ingest-1 reads through $share/ingest/cascade/v1/+/escalations");
    }

    @Test
    void sharedSubscription_isOpenOnlyToItsRole() {
        assertThat(MODEL.subscribe("ingest-1", "$share/ingest/cascade/v1/+/escalations").allowed()).isTrue();
        assertThat(MODEL.subscribe("ingest-1", "cascade/v1/+/escalations").allowed()).isFalse();
        assertThat(MODEL.subscribe("ingest-1", "$share/other/cascade/v1/+/escalations").allowed()).isFalse();
        assertThat(MODEL.subscribe("press-0", "$share/ingest/cascade/v1/+/escalations").allowed()).isFalse();
        assertThat(MODEL.subscribe("sim", "$share/ingest/cascade/v1/+/escalations").allowed()).isFalse();
        assertThat(MODEL.subscribe("actuators-1", "$share/actuators/cascade/v1/+/acks").allowed()).isTrue();
        assertThat(MODEL.subscribe("actuators-1", "$share/actuators/cascade/v1/+/escalations").allowed()).isFalse();
    }

    @Test
    void clientId_belongsToTheLongestMatchingIdentity() {
        assertThat(MODEL.connect("gateway-1", "gateway-1").allowed()).isTrue();
        assertThat(MODEL.connect("gateway-1", "gateway-1-uplink").allowed()).isTrue();
        assertThat(MODEL.connect("press-0", "ingest-1").reason())
                .isEqualTo("client id ingest-1 belongs to ingest-1, not to press-0 (use press-0 or press-0-<suffix>)");
        assertThat(MODEL.connect("press-0", "press-0x").allowed()).isFalse();
        assertThat(MODEL.connect("stranger", "stranger").reason()).isEqualTo("identity stranger is not in the fleet list");
    }

    @Test
    void fleetFile_withMistakes_reportsEveryLine() {
        assertThatThrownBy(() -> FleetFile.parse("device ok\nrobot r1\ndevice bad/name\ningest i serves=x\n", "f"))
                .hasMessageContaining("f:2: a line must start with namespace, device, gateway, ingest, actuators, models or admin, was robot")
                .hasMessageContaining("f:3: name must be 1-64 characters")
                .hasMessageContaining("f:4: option of a ingest must be group=... or connections=..., was serves=x");
    }

    @Test
    void fleetFile_rendersWhatItReads() {
        String text = FleetFile.render(MODEL.fleet());
        assertThat(FleetFile.parse(text, "again").principals()).isEqualTo(MODEL.fleet().principals());
    }

    @Test
    void mosquittoAcl_listsEachIdentitysTopics() {
        String acl = MosquittoAcl.render(MODEL);
        assertThat(acl).contains("user press-0\ntopic write cascade/v1/press-0/windows\n")
                .contains("topic read cascade/v1/press-0/commands\n")
                .contains("user actuators-1\ntopic write cascade/v1/+/commands\n")
                .contains("user ops\ntopic read #\n");
        assertThat(acl.lines().filter(l -> l.equals("topic read #")).count()).isEqualTo(1);
    }

    private static final AclModel WITH_CONNECTIONS = AclModel.of(FleetFile.parse("""
            device press-0
            gateway gw serves=* connections=sensors,uplink
            ingest ingest-1
            """, "connections"));

    @Test
    void connectionNames_haveTheIdentitysGrants_andItsClientIds() {
        assertThat(WITH_CONNECTIONS.grants("gw-sensors")).isEqualTo(WITH_CONNECTIONS.grants("gw")).isNotEmpty();
        assertThat(WITH_CONNECTIONS.principal("gw-uplink").map(Principal::name)).contains("gw");
        assertThat(WITH_CONNECTIONS.publish("gw-uplink", "cascade/v1/press-0/escalations").allowed()).isTrue();
        assertThat(WITH_CONNECTIONS.connect("gw-uplink", "gw-uplink").allowed()).isTrue();
        assertThat(WITH_CONNECTIONS.connect("gw-uplink", "ingest-1").reason())
                .isEqualTo("client id ingest-1 belongs to ingest-1, not to gw-uplink (use gw-uplink or gw-uplink-<suffix>)");
        assertThat(WITH_CONNECTIONS.grants("gw-other")).isEmpty();
    }

    @Test
    void connectionNames_areRenderedAsUsersOfTheirOwn_andReadBack() {
        String acl = MosquittoAcl.render(WITH_CONNECTIONS);
        assertThat(acl).contains("# gateway gw, its connection gw-sensors\nuser gw-sensors\ntopic write cascade/v1/+/windows\n")
                .contains("user gw-uplink\ntopic write cascade/v1/+/windows\n")
                .contains("user gw\ntopic write cascade/v1/+/windows\n");
        String text = FleetFile.render(WITH_CONNECTIONS.fleet());
        assertThat(text).contains("gateway gw serves=* connections=sensors,uplink\n");
        assertThat(FleetFile.parse(text, "again").principals()).isEqualTo(WITH_CONNECTIONS.fleet().principals());
    }

    @Test
    void connectionName_clashingWithAnotherIdentity_isRefused() {
        assertThatThrownBy(() -> FleetFile.parse("gateway gw connections=sensors\ndevice gw-sensors\n", "clash"))
                .hasMessageContaining("clash: principals must be unique names (connection names name-suffix included), was gw-sensors");
    }
}
