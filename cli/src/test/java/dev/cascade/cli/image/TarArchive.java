package dev.cascade.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the entries of a (ustar / PAX) tar stream: names, and the bytes of those a filter keeps. Not thread-safe. */
final class TarArchive {
    private TarArchive() {}

    /** Entry name -> content (null for entries the filter skips), in archive order. */
    static Map<String, byte[]> read(InputStream in, Predicate<String> keep) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String paxName = null;
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512) {
            if (allZero(header)) {
                break;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
            char type = (char) header[156];
            byte[] body = in.readNBytes((int) size);
            long pad = (512 - size % 512) % 512;
            in.skipNBytes(pad);
            if (type == 'x') {
                paxName = paxPath(new String(body, StandardCharsets.UTF_8));
                continue;
            }
            String full = paxName != null ? paxName : prefix.isEmpty() ? name : prefix + "/" + name;
            paxName = null;
            if (full.startsWith("./")) {
                full = full.substring(2);
            }
            out.put(full, keep.test(full) ? body : null);
        }
        return out;
    }

    private static String paxPath(String records) {
        for (String r : records.split("\n")) {
            int sp = r.indexOf(' ');
            if (sp > 0 && r.substring(sp + 1).startsWith("path=")) {
                return r.substring(sp + 1 + 5);
            }
        }
        return null;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
