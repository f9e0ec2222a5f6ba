package org.xtfharness.sim;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalInt;
import org.xtfharness.process.Command;
import org.xtfharness.process.RunningCommand;
import org.xtfharness.time.TimeSource;

/**
 * A simulated {@code xenconsole --start-notify-fd} client: its standard output is the notify byte
 * {@code 0x00}, then the guest's console bytes as the guest writes them, until the domain goes away
 * (exit 0) or the client is destroyed (exit 143, as SIGTERM).
 */
final class SimulatedConsoleClient implements RunningCommand {

    private final TimeSource time;

    private static final int SIGTERM_EXIT = 128 + 15;

    private final Command command;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int headOffset;
    private boolean ended;
    private int exit;

    SimulatedConsoleClient(Command command, TimeSource time) {
        this.time = time;
        this.command = command;
        pending.add(new byte[] {0});
    }

    /** The guest wrote these bytes to its console. */
    synchronized void write(byte[] bytes) {
        if (!ended && bytes.length > 0) {
            pending.add(bytes.clone());
            notifyAll();
        }
    }

    /** The console went away (the domain was destroyed): the client drains and exits 0. */
    synchronized void hangUp() {
        end(0);
    }

    private synchronized void end(int code) {
        if (!ended) {
            ended = true;
            exit = code;
            notifyAll();
        }
    }

    @Override
    public Command command() {
        return command;
    }

    @Override
    public InputStream stdout() {
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                synchronized (SimulatedConsoleClient.this) {
                    while (pending.isEmpty() && !ended) {
                        try {
                            SimulatedConsoleClient.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return -1;
                        }
                    }
                    if (pending.isEmpty()) {
                        return -1;
                    }
                    byte[] head = pending.peekFirst();
                    int n = Math.min(len, head.length - headOffset);
                    System.arraycopy(head, headOffset, b, off, n);
                    headOffset += n;
                    if (headOffset == head.length) {
                        pending.removeFirst();
                        headOffset = 0;
                    }
                    return n;
                }
            }
        };
    }

    @Override
    public String stderr() {
        return "";
    }

    @Override
    public synchronized boolean isAlive() {
        return !ended;
    }

    @Override
    public synchronized OptionalInt waitFor(Duration timeout) {
        long until = time.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = until - time.nanoTime();
            if (left <= 0) {
                return OptionalInt.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(exit);
    }

    @Override
    public synchronized void destroy() {
        // A killed client's unread output is gone with its pipe.
        pending.clear();
        end(SIGTERM_EXIT);
    }
}
