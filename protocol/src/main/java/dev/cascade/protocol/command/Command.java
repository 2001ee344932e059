package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cascade.protocol.WireMessage;

/**
 * Something an actuator must do. On the wire: {@code {"v":1,"type":"stop_machine","header":{...},...}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OpenValve.class, name = OpenValve.TYPE),
        @JsonSubTypes.Type(value = CloseValve.class, name = CloseValve.TYPE),
        @JsonSubTypes.Type(value = StopMachine.class, name = StopMachine.TYPE),
        @JsonSubTypes.Type(value = ResumeMachine.class, name = ResumeMachine.TYPE)})
public sealed interface Command extends WireMessage permits OpenValve, CloseValve, StopMachine, ResumeMachine {
    CommandHeader header();

    /** The wire name of this command's type, e.g. {@code stop_machine}. */
    @JsonProperty(value = "type", index = 1)
    String type();

    @JsonIgnore
    default CommandId commandId() {
        return header().commandId();
    }
}
