package org.xtfharness.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a process's standard error on a daemon thread, keeping the first 64 KiB for messages. */
final class StderrCollector {

    private final BoundedOutputStream kept = new BoundedOutputStream(LocalCommandRunner.MAX_STDERR_BYTES);
    private final Thread thread;

    StderrCollector(InputStream in, String name) {
        // A daemon thread: a stderr that never closes must not keep the JVM alive.
        thread = new Thread(() -> drain(in), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (kept) {
                    kept.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // The process was destroyed and the pipe closed under us: what was read is kept.
        }
    }

    /** Waits a little for the stream's end (the process has just exited), so its last words are kept. */
    void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String text() {
        synchronized (kept) {
            return new String(kept.bytes(), StandardCharsets.UTF_8);
        }
    }
}
