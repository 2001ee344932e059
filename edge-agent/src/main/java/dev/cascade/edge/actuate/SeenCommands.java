package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.CommandId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of the last {@code capacity} commands executed, so a repeat is refused as a duplicate; with a file, kept
 * across restarts (one id a line, appended and synced on each command, rewritten when it holds twice the capacity;
 * a torn or garbled line is skipped). Not thread-safe (the executor serialises); must be closed.
 */
public final class SeenCommands implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeenCommands.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_:.-]{1,128}");

    private final int capacity;
    private final Optional<Path> file;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();
    private FileChannel out;
    private int lines;

    private SeenCommands(int capacity, Optional<Path> file) {
        this.capacity = capacity;
        this.file = file;
    }

    /** Ids held in memory only (lost at a restart). */
    public static SeenCommands inMemory(int capacity) {
        return new SeenCommands(capacity, Optional.empty());
    }

    /** Ids kept in {@code file} (created with its folder when missing). */
    public static SeenCommands open(Path file, int capacity) throws IOException {
        SeenCommands s = new SeenCommands(capacity, Optional.of(file));
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.exists(file)) {
            int skipped = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (ID.matcher(line).matches()) {
                    s.remember(line);
                } else if (!line.isEmpty()) {
                    skipped++;
                }
            }
            if (skipped > 0) {
                log.warn("{}: skipped {} unreadable line(s) (a torn write at power loss)", file, skipped);
            }
        }
        s.rewrite();
        return s;
    }

    public boolean contains(CommandId id) {
        return ids.contains(id.value());
    }

    /** Remembers {@code id} (on disk before it returns, when there is a file). */
    public void add(CommandId id) {
        if (!remember(id.value()) || out == null) {
            return;
        }
        try {
            out.write(ByteBuffer.wrap((id.value() + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(false);
            if (++lines >= 2 * capacity) {
                rewrite();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("command ids could not be written to " + file.get(), e);
        }
    }

    public int size() {
        return ids.size();
    }

    private boolean remember(String id) {
        if (!ids.add(id)) {
            return false;
        }
        if (ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    private void rewrite() throws IOException {
        if (out != null) {
            out.close();
        }
        Path f = file.get();
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        List<String> keep = new ArrayList<>(ids);
        Files.write(tmp, keep, StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = keep.size();
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("closing {} failed: {}", file.get(), e.toString());
            }
            out = null;
        }
    }
}
