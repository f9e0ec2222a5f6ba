package org.xtfharness.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a process's output to its end on a daemon thread and keeps only its last bytes: QEMU
 * writes to its standard output (monitor chatter, a firmware's messages) and would block on a full
 * pipe, with Xen stopped inside it, if nobody read it. Memory: the kept tail; time: linear.
 */
final class OutputDrain {

    private final byte[] ring;
    private long total;
    private final Thread thread;

    private OutputDrain(InputStream in, int keep, String name) {
        this.ring = new byte[keep];
        // A daemon thread: an output that never closes must not keep the JVM alive.
        this.thread = new Thread(() -> drain(in), name);
        thread.setDaemon(true);
    }

    /** Starts draining {@code in}, keeping its last {@code keep} bytes. */
    static OutputDrain start(InputStream in, int keep, String name) {
        OutputDrain d = new OutputDrain(in, keep, name);
        d.thread.start();
        return d;
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                keep(buf, n);
            }
        } catch (IOException e) {
            // The process was destroyed and the pipe closed under us: what was read is kept.
        }
    }

    private synchronized void keep(byte[] buf, int n) {
        int skipped = Math.max(0, n - ring.length);
        total += skipped;
        for (int k = skipped; k < n; k++) {
            ring[(int) (total++ % ring.length)] = buf[k];
        }
    }

    /** Bytes read so far. */
    synchronized long total() {
        return total;
    }

    /** The kept last bytes, as UTF-8 (malformed input replaced). */
    synchronized String tail() {
        int kept = (int) Math.min(total, ring.length);
        byte[] out = new byte[kept];
        long from = total - kept;
        for (int k = 0; k < kept; k++) {
            out[k] = ring[(int) ((from + k) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
