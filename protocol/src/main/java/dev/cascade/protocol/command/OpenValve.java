package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import java.time.Duration;

/** Opens a zone's valve for {@code duration}, after which the actuator closes it by itself. */
@JsonPropertyOrder({"v", "type", "header", "duration"})
public record OpenValve(CommandHeader header, Duration duration) implements Command {
    public static final String TYPE = "open_valve";

    /** The longest a valve may be opened by one command. */
    public static final Duration MAX_DURATION = Duration.ofHours(6);

    public OpenValve {
        Checks.notNull(header, "header");
        Checks.check(duration != null && !duration.isNegative() && !duration.isZero()
                && duration.compareTo(MAX_DURATION) <= 0, "duration", "in (0, " + MAX_DURATION + "]", duration);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
