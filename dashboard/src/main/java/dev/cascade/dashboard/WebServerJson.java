package dev.cascade.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON for the event stream. */
final class WebServerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebServerJson() {}

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
