package dev.cascade.edge.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Real files on a simulated small filesystem: writes beyond {@code quota} bytes in total fail as a full disk does. */
final class QuotaStorage implements Storage {
    private final AtomicLong left;

    QuotaStorage(long quota) {
        this.left = new AtomicLong(quota);
    }

    void setQuota(long bytes) {
        left.set(bytes);
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        return new Quota(FileChannel.open(path, options));
    }

    private final class Quota extends FileChannel {
        private final FileChannel d;

        Quota(FileChannel d) {
            this.d = d;
        }

        private void take(int n) throws IOException {
            if (left.addAndGet(-n) < 0) {
                left.addAndGet(n);
                throw new IOException("No space left on device");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            take(src.remaining());
            return d.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new IOException("not used");
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
            d.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            d.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            d.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("not used");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            // A full disk mid-record: part of the record reaches the file, then the write fails.
            int want = src.remaining();
            long room = left.get();
            if (room < want) {
                if (room > 0) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + (int) room);
                    d.write(part, position);
                    left.set(0);
                }
                throw new IOException("No space left on device");
            }
            take(want);
            return d.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("not used");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
