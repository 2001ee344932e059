package dev.cascade.infra.mqtt.security;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded HiveMQ broker's equivalent of mosquitto's {@code use_identity_as_username} + {@code acl_file}: an
 * embedded extension that authenticates every client against the fleet and authorises every publish and
 * subscription from the same {@code AclModel}. Thread-safe.
 */
public final class SecurityExtension implements ExtensionMain {
    private final BrokerSecurity security;
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder refusedActions = new LongAdder();

    public SecurityExtension(BrokerSecurity security) {
        this.security = security;
    }

    /** The extension to hand to {@code EmbeddedHiveMQ.builder().withEmbeddedExtension(...)}. */
    public EmbeddedExtension embedded() {
        return EmbeddedExtension.builder().withId("cascade-security").withName("Cascade identities and ACLs")
                .withVersion("1").withAuthor("Cascade").withPriority(1000).withStartPriority(1000)
                .withExtensionMain(this).build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        IdentityAuthenticator authenticator = new IdentityAuthenticator(security, refusedConnections);
        AclAuthorizer authorizer = new AclAuthorizer(security.model(), refusedActions);
        Services.securityRegistry().setAuthenticatorProvider(i -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(i -> authorizer);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

    /** Connections refused so far (unknown identity, foreign client id). */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /** Publishes and subscriptions refused so far. */
    public long refusedActions() {
        return refusedActions.sum();
    }
}
