package org.xtfharness.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Keeps the first {@code cap} bytes written and counts the rest, so a process that floods its
 * output is still drained (it never blocks on a full pipe) but cannot exhaust the runner's memory.
 */
final class BoundedOutputStream extends OutputStream {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final long cap;
    private long dropped;

    BoundedOutputStream(long cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < cap) {
            kept.write(b);
        } else {
            dropped++;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = (int) Math.max(0, Math.min(len, cap - kept.size()));
        kept.write(b, off, room);
        dropped += len - room;
    }

    synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    synchronized long dropped() {
        return dropped;
    }
}
