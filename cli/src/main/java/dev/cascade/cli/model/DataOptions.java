package dev.cascade.cli.model;

import dev.cascade.recording.Recording;
import dev.cascade.recording.RecordingReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that say how to read a user's recordings. */
final class DataOptions {
    @Option(names = "--sample-rate", description = "Frames per second of the recordings (files carry no rate).")
    Double sampleRateHz;

    @Option(names = "--channels", defaultValue = "1", description = "Values per frame (columns). Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--array", description = "For .npz: the array to read (default: the first).")
    String array;

    @Option(names = "--hop", description = "Frames between window starts (default: the window size).")
    Integer hop;

    List<Recording> read(List<Path> files) throws IOException {
        if (sampleRateHz == null) {
            throw new IllegalArgumentException("--sample-rate is required with data files");
        }
        List<Recording> out = new ArrayList<>();
        for (Path f : files) {
            out.add(RecordingReader.read(f, channels, sampleRateHz, array));
        }
        return out;
    }

    /** Windows of {@code windowSize} frames from every file. */
    float[][] windows(List<Path> files, int windowSize) throws IOException {
        List<float[]> all = new ArrayList<>();
        for (Recording r : read(files)) {
            float[][] w = r.windows(windowSize, hop == null ? windowSize : hop);
            if (w.length == 0) {
                throw new IllegalArgumentException(r.source() + ": " + r.frames() + " frames is shorter than one window of "
                        + windowSize);
            }
            all.addAll(List.of(w));
        }
        return all.toArray(new float[0][]);
    }
}
