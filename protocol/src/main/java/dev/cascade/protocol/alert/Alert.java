package dev.cascade.protocol.alert;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cascade.protocol.WireMessage;

/** Something an operator must know. On the wire: {@code {"v":1,"type":"anomaly","header":{...},...}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AnomalyAlert.class, name = AnomalyAlert.TYPE),
        @JsonSubTypes.Type(value = IrrigationAlert.class, name = IrrigationAlert.TYPE),
        @JsonSubTypes.Type(value = CommandFailedAlert.class, name = CommandFailedAlert.TYPE)})
public sealed interface Alert extends WireMessage permits AnomalyAlert, IrrigationAlert, CommandFailedAlert {
    AlertHeader header();

    /** The wire name of this alert's type. */
    @JsonProperty(value = "type", index = 1)
    String type();

    /** One line for a human. */
    @JsonIgnore
    String summary();

    /** Alerts with the same key describe the same ongoing condition (used to deduplicate). */
    @JsonIgnore
    default String dedupKey() {
        return type() + "/" + header().deviceId();
    }
}
