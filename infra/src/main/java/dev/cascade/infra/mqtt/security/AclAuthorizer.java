package dev.cascade.infra.mqtt.security;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Decision;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allows a publish or a subscription only when the {@link AclModel} grants it to the connection's identity: a refused
 * QoS 1 publish gets PUBACK 0x87 (not authorised) and is not delivered, a refused subscription SUBACK 0x87.
 * Thread-safe.
 */
final class AclAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    private static final Logger log = LoggerFactory.getLogger(AclAuthorizer.class);

    private final AclModel model;
    private final LongAdder refused;

    AclAuthorizer(AclModel model, LongAdder refused) {
        this.model = model;
        this.refused = refused;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String identity = identity(input.getConnectionInformation().getConnectionAttributeStore()
                .getAsString(IdentityAuthenticator.IDENTITY).orElse(""));
        Decision d = model.publish(identity, input.getPublishPacket().getTopic());
        if (d.allowed()) {
            output.authorizeSuccessfully();
        } else {
            refused.increment();
            log.warn("MQTT publish refused ({}): {}", input.getClientInformation().getClientId(), d.reason());
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, d.reason());
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String identity = identity(input.getConnectionInformation().getConnectionAttributeStore()
                .getAsString(IdentityAuthenticator.IDENTITY).orElse(""));
        Decision d = model.subscribe(identity, input.getSubscription().getTopicFilter());
        if (d.allowed()) {
            output.authorizeSuccessfully();
        } else {
            refused.increment();
            log.warn("MQTT subscription refused ({}): {}", input.getClientInformation().getClientId(), d.reason());
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, d.reason());
        }
    }

    private static String identity(String stored) {
        return stored.isEmpty() ? "(anonymous)" : stored;
    }
}
