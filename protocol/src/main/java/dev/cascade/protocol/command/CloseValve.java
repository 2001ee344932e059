package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.OptBoolean;
import dev.cascade.checks.Checks;
import java.util.Optional;

/**
 * Closes a zone's valve.
 *
 * @param header identity, target and origin
 * @param reason why, e.g. the forecast that said the zone has had enough; "" when not given
 * @param opened the {@link OpenValve} this close ends, when known (the bridge's own closes name it); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"v", "type", "header", "reason", "opened"})
// reason and opened were added after the first schema: optional on decode (@JacksonInject(optional) lets the codecs'
// FAIL_ON_MISSING_CREATOR_PROPERTIES pass them), so a close written before them still decodes.
public record CloseValve(CommandHeader header,
                         @JsonProperty("reason")
                         @JacksonInject(value = "closeValve.reason", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                         String reason,
                         @JsonProperty("opened")
                         @JacksonInject(value = "closeValve.opened", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                         CommandId opened)
        implements Command {
    public static final String TYPE = "close_valve";

    public CloseValve {
        Checks.notNull(header, "header");
        reason = reason == null ? "" : reason;
        Checks.maxLength(reason, 200, "reason");
    }

    /** A close with no reason and no open named (the wire form before {@code reason} and {@code opened}). */
    public CloseValve(CommandHeader header) {
        this(header, "", null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The open this close ends, if named. */
    @JsonIgnore
    public Optional<CommandId> closesOpen() {
        return Optional.ofNullable(opened);
    }
}
