package dev.cascade.cli.logging;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a Cascade process writes its log: {@code text} for a person at a terminal (the default), {@code json} (one
 * object per line, for the images, the systemd unit and Kubernetes), chosen by {@code CASCADE_LOG_FORMAT} before
 * logging starts, so it cannot be a key of the role's YAML file.
 */
public enum LogFormat {
    /** Warnings on standard error, details in {@code .cascade/logs/cascade.log}. */
    TEXT("cascade-logback.xml"),
    /** One JSON object per line on standard error (time, level, logger, thread, message, role, ids, exception). */
    JSON("cascade-logback-json.xml");

    /** The environment variable that chooses the format. */
    public static final String ENV = "CASCADE_LOG_FORMAT";

    private final String resource;

    LogFormat(String resource) {
        this.resource = resource;
    }

    /** The logback configuration resource of this format. */
    public String resource() {
        return resource;
    }

    /**
     * The format {@code CASCADE_LOG_FORMAT} asks for ({@link #TEXT} when unset or blank); empty when its value is
     * neither {@code text} nor {@code json} (the caller reports {@link #problem}).
     */
    public static Optional<LogFormat> fromEnvironment(Map<String, String> env) {
        String v = env.get(ENV);
        if (v == null || v.isBlank()) {
            return Optional.of(TEXT);
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** The message for a value of {@code CASCADE_LOG_FORMAT} that names no format. */
    public static String problem(Map<String, String> env) {
        return ENV + " must be text or json, was " + env.get(ENV);
    }
}
