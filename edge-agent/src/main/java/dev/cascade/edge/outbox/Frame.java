package dev.cascade.edge.outbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one record: {@code magic u16 | bodyLength u32 | crc32c(body) u32 | body}, where body is
 * {@code format u8 | class u8 | kind u8 | seq u64 | appendedAtMicros u64 | idLength u16 | id (UTF-8) | payload}.
 * Little-endian. A record whose magic, length or checksum is wrong is not a record.
 */
final class Frame {
    static final short MAGIC = (short) 0xCA5C;
    static final int HEADER = 2 + 4 + 4;
    private static final int FORMAT = 1;
    private static final int BODY_FIXED = 1 + 1 + 1 + 8 + 8 + 2;
    /** The largest record: the largest escalation plus its id and headers. */
    static final int MAX_RECORD_BYTES = 512 * 1024;
    static final int MAX_ID_BYTES = 1024;

    private Frame() {}

    /** The bytes a record of {@code id} and {@code payload} takes. */
    static int storedSize(String id, byte[] payload) {
        return HEADER + BODY_FIXED + id.getBytes(StandardCharsets.UTF_8).length + payload.length;
    }

    /** Encodes one record; throws when it is larger than {@link #MAX_RECORD_BYTES}. */
    static ByteBuffer encode(long seq, ItemClass c, int kind, String id, long atMicros, byte[] payload) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        if (idBytes.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("id must be at most " + MAX_ID_BYTES + " bytes, was " + idBytes.length);
        }
        int body = BODY_FIXED + idBytes.length + payload.length;
        if (HEADER + body > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record must be at most " + MAX_RECORD_BYTES + " bytes, was " + (HEADER + body));
        }
        if (kind < 0 || kind > 255) {
            throw new IllegalArgumentException("kind must be in [0, 255], was " + kind);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + body).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(MAGIC).putInt(body).putInt(0);
        b.put((byte) FORMAT).put((byte) c.id()).put((byte) kind).putLong(seq).putLong(atMicros)
                .putShort((short) idBytes.length).put(idBytes).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER, body);
        b.putInt(6, (int) crc.getValue());
        b.flip();
        return b;
    }

    /** The body length a header announces, or -1 when the header cannot start a record. */
    static int bodyLength(ByteBuffer header) {
        header.order(ByteOrder.LITTLE_ENDIAN);
        if (header.getShort(0) != MAGIC) {
            return -1;
        }
        int len = header.getInt(2);
        return len < BODY_FIXED || len > MAX_RECORD_BYTES - HEADER ? -1 : len;
    }

    /** Decodes a body whose header is {@code header}; null when the checksum or the contents are wrong. */
    static OutboxItem decode(ByteBuffer header, byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, body.length);
        if ((int) crc.getValue() != header.order(ByteOrder.LITTLE_ENDIAN).getInt(6)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != FORMAT) {
            return null;
        }
        ItemClass c = ItemClass.byId(b.get() & 0xff);
        int kind = b.get() & 0xff;
        long seq = b.getLong();
        long at = b.getLong();
        int idLen = b.getShort() & 0xffff;
        if (c == null || seq < 0 || idLen > b.remaining()) {
            return null;
        }
        String id = new String(body, b.position(), idLen, StandardCharsets.UTF_8);
        int payloadAt = b.position() + idLen;
        byte[] payload = java.util.Arrays.copyOfRange(body, payloadAt, body.length);
        return new OutboxItem(seq, c, kind, id, at, payload, HEADER + body.length);
    }
}
