package org.xtfharness.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel over a real one that runs out of space after {@code capacity} bytes: it writes
 * what fits, then fails as ENOSPC does. Tracks forced bytes, so tests can see what reached "disk".
 */
final class FullDiskChannel extends FileChannel {

    private final FileChannel real;
    private long capacity;
    int forces;
    boolean truncateFails;
    /** When at least 0: the disk fills up (no room beyond what is written) after this many forced lines. */
    int fullAfterForces = -1;

    FullDiskChannel(FileChannel real, long capacity) {
        this.real = real;
        this.capacity = capacity;
    }

    void grow(long bytes) {
        capacity += bytes;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (fullAfterForces >= 0 && forces >= fullAfterForces) {
            capacity = Math.min(capacity, real.size());
        }
        long room = capacity - real.size();
        if (room <= 0) {
            throw new IOException("No space left on device");
        }
        if (src.remaining() > room) {
            ByteBuffer part = src.slice();
            part.limit((int) room);
            int n = real.write(part);
            src.position(src.position() + n);
            return n;
        }
        return real.write(src);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (truncateFails) {
            throw new IOException("Input/output error");
        }
        real.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forces++;
        real.force(metaData);
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
