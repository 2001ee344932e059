package dev.cascade.infra.mqtt.security;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import dev.cascade.security.acl.Decision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the identity of a connecting client (its certificate's CN, else its user name with the right password),
 * refuses it when the fleet does not know it or the client id is not its own, and records it on the connection
 * for the {@link AclAuthorizer}. Thread-safe.
 */
final class IdentityAuthenticator implements SimpleAuthenticator {
    static final String IDENTITY = "cascade-identity";
    private static final Logger log = LoggerFactory.getLogger(IdentityAuthenticator.class);

    private final BrokerSecurity security;
    private final LongAdder refused;

    IdentityAuthenticator(BrokerSecurity security, LongAdder refused) {
        this.security = security;
        this.refused = refused;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<String> identity = fromCertificate(input);
        if (identity.isEmpty()) {
            identity = fromPassword(input);
        }
        if (identity.isEmpty()) {
            refuse(output, ConnackReasonCode.NOT_AUTHORIZED, "client " + clientId
                    + " has neither a client certificate nor a known user name with its password");
            return;
        }
        Decision d = security.model().connect(identity.get(), clientId);
        if (!d.allowed()) {
            refuse(output, ConnackReasonCode.NOT_AUTHORIZED, d.reason());
            return;
        }
        input.getConnectionInformation().getConnectionAttributeStore().putAsString(IDENTITY, identity.get());
        output.authenticateSuccessfully();
    }

    private void refuse(SimpleAuthOutput output, ConnackReasonCode code, String reason) {
        refused.increment();
        log.warn("MQTT connection refused: {}", reason);
        output.failAuthentication(code, reason);
    }

    private static Optional<String> fromCertificate(SimpleAuthInput input) {
        Optional<X509Certificate> cert = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (cert.isEmpty()) {
            return Optional.empty();
        }
        try {
            for (Rdn rdn : new LdapName(cert.get().getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            log.warn("client certificate subject cannot be read: {}", e.getMessage());
        }
        return Optional.empty();
    }

    private Optional<String> fromPassword(SimpleAuthInput input) {
        Optional<String> user = input.getConnectPacket().getUserName();
        Optional<ByteBuffer> pass = input.getConnectPacket().getPassword();
        if (user.isEmpty() || pass.isEmpty()) {
            return Optional.empty();
        }
        String expected = security.passwords().get(user.get());
        if (expected == null) {
            return Optional.empty();
        }
        ByteBuffer b = pass.get().asReadOnlyBuffer();
        byte[] given = new byte[b.remaining()];
        b.get(given);
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8)) ? user : Optional.empty();
    }
}
