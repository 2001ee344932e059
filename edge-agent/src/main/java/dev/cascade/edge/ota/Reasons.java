package dev.cascade.edge.ota;

/** Why an update was refused or rolled back, as reported in {@code OtaStatus.reason} and counted. */
public final class Reasons {
    /** The archive's SHA-256 differs from the announcement's, or a file's from the manifest's. */
    public static final String SHA256_MISMATCH = "sha256_mismatch";
    /** The archive is not a bundle archive (truncated, bad names). */
    public static final String BAD_ARCHIVE = "bad_archive";
    /** The manifest cannot be read or is invalid. */
    public static final String INVALID_BUNDLE = "invalid_bundle";
    /** Not signed, signed by an untrusted key, or changed after signing. */
    public static final String SIGNATURE = "signature";
    /** Not the model or version announced, or not fit to replace the running one. */
    public static final String WRONG_MODEL = "wrong_model";
    /** The bundle ships no self-test. */
    public static final String NO_SELF_TEST = "no_self_test";
    /** The model does not load into the runtime. */
    public static final String LOAD_FAILED = "load_failed";
    /** A reference window did not score as expected. */
    public static final String SELF_TEST = "self_test";
    /** The agent runs no model of that name. */
    public static final String UNKNOWN_MODEL = "unknown_model";
    /** The agent has no trusted keys configured, so it cannot check a signature. */
    public static final String NO_TRUSTED_KEYS = "no_trusted_keys";
    /** Writing the update to disk failed. */
    public static final String STORAGE = "storage";
    /** While watched, more of its windows were escalated than allowed. */
    public static final String WATCH_ESCALATION_RATE = "watch_escalation_rate";
    /** While watched, more of its windows failed than allowed (or a worker could not open it). */
    public static final String WATCH_ERRORS = "watch_errors";

    private Reasons() {}
}
