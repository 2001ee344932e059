package dev.cascade.infra.mqtt.security;

import dev.cascade.security.acl.AclModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * How the embedded broker authenticates and authorises clients: every client is an identity of the {@link AclModel}
 * (its TLS client certificate's CN, or a user name with its password), may use only its own client ids, and may
 * publish and subscribe only what the model grants. Anonymous clients are refused.
 *
 * @param model who may do what
 * @param tls a mutual-TLS listener instead of the plain one, if given
 * @param passwords per-identity passwords for clients without a certificate (empty: certificates only)
 */
public record BrokerSecurity(AclModel model, Optional<TlsListener> tls, Map<String, String> passwords) {
    public BrokerSecurity {
        if (model == null || tls == null || passwords == null) {
            throw new IllegalArgumentException("model, tls and passwords must not be null (use Optional.empty(), Map.of())");
        }
        passwords = Map.copyOf(passwords);
        if (tls.isEmpty() && passwords.isEmpty()) {
            throw new IllegalArgumentException("tls or passwords must be given, was neither (nobody could connect)");
        }
    }

    /** Certificates only, on a mutual-TLS listener. */
    public static BrokerSecurity certificates(AclModel model, TlsListener tls) {
        return new BrokerSecurity(model, Optional.of(tls), Map.of());
    }

    /** Per-identity passwords on the plain listener (one JVM, loopback only: the demo). */
    public static BrokerSecurity passwords(AclModel model, Map<String, String> passwords) {
        return new BrokerSecurity(model, Optional.empty(), passwords);
    }

    /**
     * A mutual-TLS listener's files.
     *
     * @param keyStore PKCS#12 with the broker's key and certificate chain
     * @param trustStore PKCS#12 with the CA certificates whose clients are accepted
     * @param password the password of both stores
     */
    public record TlsListener(Path keyStore, Path trustStore, char[] password) {
        public TlsListener {
            if (keyStore == null || trustStore == null || password == null) {
                throw new IllegalArgumentException("keyStore, trustStore and password must not be null");
            }
            password = password.clone();
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TlsListener t && t.keyStore.equals(keyStore) && t.trustStore.equals(trustStore)
                    && Arrays.equals(t.password, password);
        }

        @Override
        public int hashCode() {
            return keyStore.hashCode() * 31 + trustStore.hashCode();
        }

        @Override
        public String toString() {
            return "TlsListener[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=******]";
        }
    }

    @Override
    public String toString() {
        return "BrokerSecurity[identities=" + model.fleet().principals().size() + ", tls=" + tls.isPresent()
                + ", passwords=" + passwords.size() + "]";
    }
}
