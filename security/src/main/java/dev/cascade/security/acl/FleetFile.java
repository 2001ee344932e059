package dev.cascade.security.acl;

import dev.cascade.protocol.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a fleet list: one identity a line, {@code #} comments, e.g.
 * <pre>
 *   namespace cascade
 *   device press-0
 *   gateway gateway-1 serves=press-0,press-1      (serves=* : every device)
 *   ingest ingest-1 group=ingest
 *   actuators actuators-1 group=actuators
 *   admin ops-1
 *   gateway gateway-1 serves=* connections=sensors,uplink   (any identity: connections with certificates of their
 *                                                             own, CN gateway-1-sensors, gateway-1-uplink)
 * </pre>
 * Every mistake is reported at once, with its line number.
 */
public final class FleetFile {
    private FleetFile() {}

    /** Reads {@code file}; throws {@link IllegalArgumentException} listing every bad line. */
    public static Fleet read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fleet list " + file, e);
        }
    }

    /** Parses the text of a fleet list; {@code source} names it in messages. */
    public static Fleet parse(String text, String source) {
        List<String> errors = new ArrayList<>();
        List<Principal> principals = new ArrayList<>();
        Topics topics = Topics.DEFAULT;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] words = content.split("\\s+");
            String where = source + ":" + (i + 1) + ": ";
            try {
                if (words[0].equals("namespace")) {
                    require(words.length == 2, "namespace takes one name, was " + content);
                    topics = new Topics(words[1]);
                    continue;
                }
                Kind kind = Kind.ofWord(words[0]);
                require(kind != null, "a line must start with namespace, device, gateway, ingest, actuators, models or admin, was "
                        + words[0]);
                require(words.length >= 2, kind.word() + " needs a name");
                principals.add(principal(kind, words[1], Arrays.copyOfRange(words, 2, words.length)));
            } catch (IllegalArgumentException e) {
                errors.add(where + e.getMessage());
            }
        }
        if (errors.isEmpty()) {
            try {
                return new Fleet(topics, principals);
            } catch (IllegalArgumentException e) {
                errors.add(source + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("fleet list " + source + " is invalid:\n  " + String.join("\n  ", errors));
    }

    private static Principal principal(Kind kind, String name, String[] options) {
        List<String> serves = List.of();
        Optional<String> group = Optional.empty();
        List<String> connections = List.of();
        for (String o : options) {
            if (o.startsWith("connections=")) {
                connections = List.of(o.substring("connections=".length()).split(","));
            } else if (o.startsWith("serves=") && kind == Kind.GATEWAY) {
                serves = List.of(o.substring("serves=".length()).split(","));
            } else if (o.startsWith("group=") && (kind == Kind.INGEST || kind == Kind.ACTUATORS)) {
                group = Optional.of(o.substring("group=".length()));
            } else {
                throw new IllegalArgumentException("option of a " + kind.word() + " must be "
                        + (kind == Kind.GATEWAY ? "serves=... or " : kind == Kind.INGEST || kind == Kind.ACTUATORS ? "group=... or "
                        : "") + "connections=..., was " + o);
            }
        }
        if ((kind == Kind.INGEST || kind == Kind.ACTUATORS) && group.isEmpty()) {
            group = Optional.of(kind.word());
        }
        return new Principal(name, kind, serves, group, connections);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The fleet list text of {@code fleet} (what {@link #parse} reads back). */
    public static String render(Fleet fleet) {
        StringBuilder b = new StringBuilder("namespace ").append(fleet.topics().namespace()).append('\n');
        for (Principal p : fleet.principals()) {
            b.append(p.kind().word()).append(' ').append(p.name());
            if (!p.serves().isEmpty()) {
                b.append(" serves=").append(String.join(",", p.serves()));
            }
            p.group().ifPresent(g -> b.append(" group=").append(g));
            if (!p.connections().isEmpty()) {
                b.append(" connections=").append(String.join(",", p.connections()));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
