package dev.cascade.security.acl;

/** What a grant allows on a topic filter. */
public enum Access {
    /** Send messages on topics the filter matches. */
    PUBLISH,
    /** Subscribe to filters the grant's filter covers (and receive what they match). */
    SUBSCRIBE
}
