package dev.cascade.cloud.failure;

/** What a worker does about a failure that is not one record's fault. */
public enum FailureClass {
    /** Abort the transaction, read the same records again and retry (a broker restarting, a timeout, a rebalance). */
    RETRIABLE,
    /** Stop the process with the cause: retrying cannot help (fenced by a newer instance, refused credentials or rights). */
    FATAL
}
