package dev.cascade.security.pki;

/** What a certificate is for: a TLS server (a broker), a TLS client (a device or a role), or both. */
public enum Usage {
    SERVER, CLIENT, SERVER_AND_CLIENT
}
