package dev.cascade.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a model is for. */
public enum ModelTask {
    /** Scores how unusual a window is (vibration): higher is more anomalous. */
    ANOMALY("anomaly"),
    /** Predicts a future value (soil moisture at a horizon) from a history. */
    FORECAST("forecast");

    private final String wireName;

    ModelTask(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ModelTask fromWireName(String name) {
        for (ModelTask t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("task must be anomaly or forecast, was \"" + name + "\"");
    }
}
