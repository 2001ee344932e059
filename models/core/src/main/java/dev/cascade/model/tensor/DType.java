package dev.cascade.model.tensor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Element type of a tensor. */
public enum DType {
    FLOAT32(4),
    FLOAT16(2),
    FLOAT64(8),
    INT8(1),
    UINT8(1),
    INT16(2),
    INT32(4),
    INT64(8),
    BOOL(1),
    /** Any type this project cannot feed or read (strings, complex, resources); shown by inspect only. */
    OTHER(0);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element; 0 for {@link #OTHER}. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether values of this type are quantised integers that need a scale and zero point to mean reals. */
    public boolean isQuantizable() {
        return this == INT8 || this == UINT8 || this == INT16;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DType fromWireName(String name) {
        for (DType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype must be one of float32, float16, float64, int8, uint8, int16, "
                + "int32, int64, bool, other, was \"" + name + "\"");
    }
}
