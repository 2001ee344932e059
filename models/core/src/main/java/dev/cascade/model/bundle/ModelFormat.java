package dev.cascade.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The model file's format, which decides the runtime. */
public enum ModelFormat {
    /** TensorFlow Lite flatbuffer; run at the edge. */
    TFLITE("tflite", ".tflite"),
    /** ONNX protobuf; run in the cloud. */
    ONNX("onnx", ".onnx");

    private final String wireName;
    private final String extension;

    ModelFormat(String wireName, String extension) {
        this.wireName = wireName;
        this.extension = extension;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The usual file name extension, with the dot. */
    public String extension() {
        return extension;
    }

    @JsonCreator
    public static ModelFormat fromWireName(String name) {
        for (ModelFormat f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be tflite or onnx, was \"" + name + "\"");
    }

    /** The format a file name's extension implies. */
    public static ModelFormat fromFileName(String fileName) {
        for (ModelFormat f : values()) {
            if (fileName.endsWith(f.extension)) {
                return f;
            }
        }
        throw new IllegalArgumentException("model file must end in .tflite or .onnx, was \"" + fileName + "\"");
    }
}
