package dev.cascade.security.acl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MosquittoDynsecTest {
    private static final AclModel MODEL = AclModel.of(FleetFile.parse("""
            device press-0
            ingest ingest-1 group=ingest connections=probe
            """, "test"));

    @Test
    void render_deniesByDefault_andBindsTheSharedGroupInTheSubscribePattern() {
        String json = MosquittoDynsec.render(MODEL);

        assertThat(json).contains("\"defaultACLAccess\": {\"publishClientSend\": false, \"publishClientReceive\": false, "
                        + "\"subscribe\": false, \"unsubscribe\": true}")
                .contains("{\"username\": \"ingest-1\", \"roles\": [{\"rolename\": \"ingest-ingest-1\"}]}")
                .contains("{\"username\": \"ingest-1-probe\", \"roles\": [{\"rolename\": \"ingest-ingest-1\"}]}")
                .contains("{\"acltype\": \"subscribePattern\", \"topic\": \"$share/ingest/cascade/v1/+/escalations\", \"allow\": true}")
                .contains("{\"acltype\": \"publishClientReceive\", \"topic\": \"cascade/v1/+/escalations\", \"allow\": true}")
                .contains("{\"acltype\": \"publishClientSend\", \"topic\": \"cascade/v1/press-0/windows\", \"allow\": true}")
                .doesNotContain("\"subscribePattern\", \"topic\": \"cascade/v1/+/escalations\"")
                .doesNotContain("password");
    }
}
