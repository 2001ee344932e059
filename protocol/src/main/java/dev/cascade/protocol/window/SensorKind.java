package dev.cascade.protocol.window;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;
import java.util.List;

/** What a window measures. */
public enum SensorKind implements WireEnum {
    /** Accelerometer on a rotating machine, in g; one channel per axis. */
    VIBRATION(1, "vibration", List.of("accel")),
    /** Soil probe: volumetric water content (%), soil temperature (deg C), rain (mm in the step). */
    SOIL(2, "soil", List.of("moisture", "temperature", "rain"));

    private final int id;
    private final String displayName;
    private final List<String> channelNames;

    SensorKind(int id, String displayName, List<String> channelNames) {
        this.id = id;
        this.displayName = displayName;
        this.channelNames = channelNames;
    }

    @JsonValue
    @Override
    public int id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    /** The conventional channel layout for this kind; a window may carry a prefix of it. */
    public List<String> channelNames() {
        return channelNames;
    }

    @JsonCreator
    public static SensorKind fromId(int id) {
        return WireEnum.byId(SensorKind.class, id, "kind");
    }
}
