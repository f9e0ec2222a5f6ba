package org.xtfharness.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.domain.DomainId;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.CommandXenstore;
import org.xtfharness.host.Xenstore;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.RunningCommand;

/**
 * The console stream itself, read through xenconsole while the guest runs: for hosts where
 * xenconsoled does not log guests, and for output as it happens.
 *
 * <p>With {@link LiveConsoleOptions.Handshake#START_NOTIFY_FD} attach does what {@code xl create -c}
 * does, but refuses to guess where xl only warns: it starts xenconsole with a start-notify fd and
 * returns only once the byte {@code 0x00} has arrived. End of stream, another byte, or the deadline
 * first means the client failed, and attach throws with the client's standard error (and, when
 * the tty is missing, what xenstore holds), so the runner destroys the domain without ever
 * unpausing it.
 *
 * <p>With {@link LiveConsoleOptions.Handshake#TTY_HELD} (Xen before 4.8, no start-notify fd)
 * attach waits for the tty in xenstore, starts the client and waits until the client process holds
 * the tty open; the capture's notes record that this weaker handshake was used.
 *
 * <p>A preserved domain keeps its console (xenconsoled drops it only when the domain is dying), so
 * capture does not wait for end of stream: {@link ConsoleSession#collect} takes what has arrived
 * once the stream has been quiet for {@link LiveConsoleOptions#quietPeriod()}.
 */
final class LiveConsoleSource implements ConsoleSource {

    /*
     * Java cannot hand a child an arbitrary file descriptor, so the host agent's console-notify
     * does it (xenconsole's notify fd a copy of its stdout); console-pid serves Xen before 4.8 and
     * holds asks whether the client holds the tty. Program, type and domain id go as arguments.
     */

    /** The xl config line that gives an HVM guest's first emulated UART a pty. */
    static final String SERIAL_PTY = "serial=\"pty\"";

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_WAIT = Duration.ofMillis(500);
    private static final int CHUNK = 8192;
    private static final int MAX_PID_LINE = 32;

    private final CommandRunner runner;
    private final LiveConsoleOptions options;
    private final Xenstore xenstore;

    LiveConsoleSource(CommandRunner runner, LiveConsoleOptions options) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.options = Objects.requireNonNull(options, "options");
        this.xenstore = new CommandXenstore(runner, options.xenstoreRead(), QUERY_TIMEOUT);
    }

    @Override
    public ConsoleSession open(String domainName) {
        return new Session();
    }

    /**
     * The emulated serial port needs {@code serial="pty"}: libxl gives QEMU a {@code -serial}
     * device only when the config sets {@code serial=}, and only then does QEMU announce the pty at
     * {@code serial/0/tty} (seen on Xen 4.17.7 with Debian's qemu-system-xen: a stock XTF
     * {@code type="hvm"} cfg has no {@code serial=}, so its domain has {@code console/tty} only).
     * xl reads {@code serial} for HVM domains only ({@code tools/xl/xl_parse.c}, parse_config_data's
     * HVM block), so PV and PVH domains ignore the line.
     */
    @Override
    public List<String> createOverrides() {
        return options.type() == ConsoleType.SERIAL ? List.of(SERIAL_PTY) : List.of();
    }

    @Override
    public String describe() {
        return "live console (" + options.xenconsole() + " --type "
                + options.type().option() + ", "
                + (options.handshake() == LiveConsoleOptions.Handshake.START_NOTIFY_FD
                        ? "start-notify handshake"
                        : "tty-held handshake for Xen < 4.8")
                + ")";
    }

    private enum Phase {
        WAITING,
        READY,
        FAILED
    }

    private final class Session implements ConsoleSession {

        private final List<String> notes = new ArrayList<>();
        private RunningCommand client;
        private Thread reader;
        private String origin = "xenconsole (not attached)";

        // Guarded by 'this': written by the reader thread, read by the runner's thread.
        private Phase phase = Phase.WAITING;
        private String handshakeProblem = "";
        private final StringBuilder pidLine = new StringBuilder();
        private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
        private long keptBytes;
        private long totalBytes;
        private long droppedBytes;
        private boolean eof;
        private long lastByteNanos;

        @Override
        public void attach(DomainId id, Duration deadline) {
            long until = options.time().nanoTime() + deadline.toNanos();
            origin = options.xenconsole() + " --type " + options.type().option() + " " + id + " on " + runner.target();
            if (options.handshake() == LiveConsoleOptions.Handshake.START_NOTIFY_FD) {
                startClient(
                        new AgentRequest.ConsoleNotify(
                                options.xenconsole(), options.type().option(), id.value()),
                        id,
                        true);
                awaitHandshake(id, until, "notify byte 0x00");
            } else {
                attachHeld(id, until);
            }
        }

        private void attachHeld(DomainId id, long until) {
            String ttyPath = options.type().ttyPath(id);
            Optional<String> tty;
            while ((tty = xenstore.read(ttyPath)).isEmpty()) {
                if (options.time().nanoTime() - until >= 0) {
                    throw fail(id, "the console tty did not appear in xenstore within the attach deadline", "");
                }
                sleep(POLL);
            }
            startClient(
                    new AgentRequest.ConsolePid(
                            options.xenconsole(), options.type().option(), id.value()),
                    id,
                    false);
            awaitHandshake(id, until, "its process id");
            String pid;
            synchronized (this) {
                pid = pidLine.toString();
            }
            while (true) {
                CommandResult r =
                        runner.run(AgentScript.command(new AgentRequest.Holds(pid, tty.get()), QUERY_TIMEOUT));
                if (r.succeeded()) {
                    break;
                }
                if (!client.isAlive()) {
                    throw fail(id, "exited before it opened " + tty.get(), client.stderr());
                }
                if (options.time().nanoTime() - until >= 0) {
                    throw fail(
                            id,
                            "did not open the console tty " + tty.get() + " within the attach deadline",
                            client.stderr());
                }
                sleep(POLL);
            }
            notes.add("weaker console handshake (Xen < 4.8 has no --start-notify-fd): unpaused once xenconsole (pid "
                    + pid + ") held " + tty.get() + " (" + ttyPath + ")");
        }

        private void startClient(AgentRequest request, DomainId id, boolean notify) {
            Command c = AgentScript.command(request, options.clientLifetime());
            client = runner.start(c);
            InputStream out = client.stdout();
            reader = new Thread(() -> read(out, notify), "xtf-harness-console-" + id);
            reader.setDaemon(true);
            reader.start();
        }

        private void awaitHandshake(DomainId id, long until, String what) {
            synchronized (this) {
                while (phase == Phase.WAITING) {
                    long left = until - options.time().nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    waitNanos(left);
                }
                if (phase == Phase.READY) {
                    return;
                }
            }
            Phase p;
            String problem;
            synchronized (this) {
                p = phase;
                problem = handshakeProblem;
            }
            if (p == Phase.WAITING) {
                throw fail(id, "sent no " + what + " within the attach deadline", client.stderr());
            }
            OptionalInt exit = client.waitFor(EXIT_WAIT);
            throw fail(id, problem + (exit.isPresent() ? " (exit " + exit.getAsInt() + ")" : ""), client.stderr());
        }

        /** The reader thread: the handshake's bytes first, then the console's. */
        private void read(InputStream in, boolean notify) {
            byte[] buf = new byte[CHUNK];
            boolean handshaking = true;
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    int off = 0;
                    if (handshaking) {
                        off = notify ? takeNotifyByte(buf) : takePidLine(buf, n);
                        if (off < 0) {
                            return;
                        }
                        handshaking = phaseIs(Phase.WAITING);
                    }
                    if (off < n) {
                        keep(buf, off, n - off);
                    }
                }
            } catch (IOException e) {
                // The client was destroyed under us: what was read is kept.
            } finally {
                synchronized (this) {
                    if (phase == Phase.WAITING) {
                        phase = Phase.FAILED;
                        handshakeProblem = "closed its output before the handshake";
                    }
                    eof = true;
                    notifyAll();
                }
            }
        }

        /** Returns how many bytes the handshake used, or -1 when it failed. */
        private synchronized int takeNotifyByte(byte[] buf) {
            if (buf[0] != 0) {
                phase = Phase.FAILED;
                handshakeProblem = String.format("wrote byte 0x%02x before the notify byte 0x00", buf[0] & 0xff);
                notifyAll();
                return -1;
            }
            phase = Phase.READY;
            notifyAll();
            return 1;
        }

        private synchronized int takePidLine(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    phase = Phase.READY;
                    notifyAll();
                    return i + 1;
                }
                if (b < '0' || b > '9' || pidLine.length() >= MAX_PID_LINE) {
                    phase = Phase.FAILED;
                    handshakeProblem = "did not start with its process id: "
                            + new String(buf, 0, Math.min(n, 80), StandardCharsets.UTF_8).strip();
                    notifyAll();
                    return -1;
                }
                pidLine.append((char) b);
            }
            return n;
        }

        private synchronized boolean phaseIs(Phase p) {
            return phase == p;
        }

        private synchronized void keep(byte[] buf, int off, int len) {
            chunks.addLast(Arrays.copyOfRange(buf, off, off + len));
            keptBytes += len;
            totalBytes += len;
            // The end of the output decides the verdict: past the cap the oldest goes.
            while (keptBytes > options.maxBytes() && chunks.size() > 1) {
                byte[] old = chunks.removeFirst();
                keptBytes -= old.length;
                droppedBytes += old.length;
            }
            lastByteNanos = options.time().nanoTime();
            notifyAll();
        }

        @Override
        public ConsoleCapture collect() {
            if (client == null) {
                throw new IllegalStateException("collect before attach");
            }
            long start = options.time().nanoTime();
            long limit = start + options.drainLimit().toNanos();
            boolean cut = false;
            byte[] bytes;
            long total;
            long dropped;
            synchronized (this) {
                while (!eof) {
                    long now = options.time().nanoTime();
                    long quietUntil = Math.max(lastByteNanos, start)
                            + options.quietPeriod().toNanos();
                    // A client that has ended has written everything: read to the end of its output.
                    if (now - quietUntil >= 0 && client.isAlive()) {
                        break;
                    }
                    if (now - limit >= 0) {
                        cut = true;
                        break;
                    }
                    waitNanos(Math.max(POLL.toNanos(), Math.min(quietUntil - now, limit - now)));
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream((int) Math.min(keptBytes, Integer.MAX_VALUE));
                for (byte[] c : chunks) {
                    all.write(c, 0, c.length);
                }
                bytes = all.toByteArray();
                total = totalBytes;
                dropped = droppedBytes;
            }
            List<String> capNotes = new ArrayList<>(notes);
            if (cut) {
                capNotes.add("the console was still printing "
                        + options.drainLimit().toSeconds() + " s after the domain ended: the capture may be cut short");
            }
            if (!client.isAlive()) {
                OptionalInt exit = client.waitFor(EXIT_WAIT);
                int code = exit.orElse(-1);
                if (code != 0) {
                    throw new InfrastructureException("the console client `" + origin + "` died during the run (exit "
                            + code + "): " + oneLine(client.stderr()) + " -- the console output is incomplete");
                }
                capNotes.add("the console client ended before the capture was taken (the console went away)");
            }
            if (dropped > 0) {
                capNotes.add("the console printed " + total + " bytes; the first " + dropped + " were dropped (limit "
                        + options.maxBytes() + ")");
            }
            LineFramer framer = new LineFramer();
            List<String> lines = new ArrayList<>();
            framer.feed(bytes, 0, bytes.length, lines::add);
            framer.finish(lines::add);
            if (framer.droppedNulBytes() > 0) {
                capNotes.add("the console output held " + framer.droppedNulBytes() + " NUL bytes (dropped)");
            }
            return new ConsoleCapture(lines, total, dropped, origin, ConsoleCapture.Location.LIVE, capNotes);
        }

        @Override
        public void close() {
            if (client != null) {
                client.destroy();
            }
            if (reader != null) {
                try {
                    reader.join(EXIT_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Destroys the client and builds the error, with what xenstore says about the console's tty. */
        private InfrastructureException fail(DomainId id, String what, String stderr) {
            if (client != null) {
                client.destroy();
            }
            StringBuilder m = new StringBuilder("console client `")
                    .append(origin)
                    .append("` ")
                    .append(client == null ? "not started: " : "")
                    .append(what);
            String err = oneLine(stderr);
            if (!err.isEmpty()) {
                m.append(": ").append(err);
            }
            m.append(". ").append(ttyDiagnosis(id));
            m.append(" The domain was never unpaused.");
            return new InfrastructureException(m.toString());
        }

        private String ttyDiagnosis(DomainId id) {
            List<ConsoleType> checked = new ArrayList<>(List.of(ConsoleType.PV, ConsoleType.SERIAL));
            if (options.type() == ConsoleType.VUART) {
                checked.add(ConsoleType.VUART);
            }
            List<String> seen = new ArrayList<>();
            Optional<ConsoleType> other = Optional.empty();
            boolean ownPresent = false;
            for (ConsoleType t : checked) {
                String path = t.ttyPath(id);
                Optional<String> v;
                try {
                    v = xenstore.read(path);
                } catch (RuntimeException e) {
                    seen.add(path + " (unreadable: " + oneLine(e.getMessage()) + ")");
                    continue;
                }
                seen.add(path + (v.isPresent() ? " = " + v.get() : " (missing)"));
                if (v.isPresent() && t == options.type()) {
                    ownPresent = true;
                } else if (v.isPresent() && other.isEmpty()) {
                    other = Optional.of(t);
                }
            }
            String paths = "xenstore paths checked: " + String.join(", ", seen) + ".";
            if (ownPresent) {
                return paths;
            }
            String cause = other.map(t -> " Likely cause: this guest's console is the " + t.option() + " one, not "
                            + options.type().option() + " (use --console-type " + t.option() + ").")
                    .orElse(
                            " Likely cause: xenconsoled is not running, or has not set up this domain's console"
                                    + " (run `xtf-harness doctor`; restarting xenconsoled helps when it lost track of domains).");
            return paths + cause;
        }

        private void waitNanos(long nanos) {
            try {
                long ms = Math.max(1, nanos / 1_000_000);
                wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while capturing the console");
            }
        }
    }

    private void sleep(Duration d) {
        try {
            options.time().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while attaching the console");
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " | ");
    }
}
