package dev.cascade.transport.mqtt.tls;

import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * Mutual TLS with one client certificate per connection: {@value #CLIENT_ID} in the certificate and key paths stands
 * for the connection's client id (e.g. {@code clients/{client-id}.pem}), so a role that opens several connections
 * presents a certificate whose CN is each connection's client id (what a broker with {@code use_username_as_clientid}
 * needs). Immutable.
 *
 * @param caFile PEM of the CA certificates to trust
 * @param certFile PEM client certificate chain, with or without {@value #CLIENT_ID}
 * @param keyFile PEM client private key, with or without {@value #CLIENT_ID}
 */
public record PerClientTls(Path caFile, String certFile, String keyFile) {
    /** The placeholder for the connection's client id. */
    public static final String CLIENT_ID = "{client-id}";

    public PerClientTls {
        if (caFile == null || certFile == null || keyFile == null) {
            throw new IllegalArgumentException("caFile, certFile and keyFile must not be null, was " + caFile + ", "
                    + certFile + ", " + keyFile);
        }
        if (certFile.contains(CLIENT_ID) != keyFile.contains(CLIENT_ID)) {
            throw new IllegalArgumentException("keyFile must name " + CLIENT_ID + " when certFile does (and not otherwise),"
                    + " was " + certFile + " and " + keyFile);
        }
    }

    /** Whether {@code path} names {@value #CLIENT_ID}. */
    public static boolean perClient(String path) {
        return path != null && path.contains(CLIENT_ID);
    }

    /** The certificate file of {@code clientId}. */
    public Path certFileOf(String clientId) {
        return Path.of(certFile.replace(CLIENT_ID, clientId));
    }

    /** The key file of {@code clientId}. */
    public Path keyFileOf(String clientId) {
        return Path.of(keyFile.replace(CLIENT_ID, clientId));
    }

    /** The socket factory of the connection {@code clientId}; a missing or bad file throws {@link IllegalArgumentException}. */
    public SSLSocketFactory forClient(String clientId) {
        try {
            return PemTls.socketFactory(caFile, Optional.of(certFileOf(clientId)), Optional.of(keyFileOf(clientId)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (the certificate of client id " + clientId + ")", e);
        }
    }
}
