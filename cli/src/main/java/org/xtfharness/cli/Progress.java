package org.xtfharness.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.report.TerminalText;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Interruption;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;
import org.xtfharness.time.TimeSource;

/**
 * What a person watching a run sees on standard error.
 *
 * <p>Always one plain line per finished instance ({@code [done/total] name VERDICT seconds reason})
 * and one per notice. When standard error is a terminal (and neither {@code --no-progress} nor
 * {@code TERM=dumb} says otherwise) those lines scroll above one live status line: done/total,
 * the instances running, the verdicts so far, elapsed and estimated time left, redrawn every second.
 * Off a terminal (CI logs, a pipe, a file) nothing but the plain lines is written: no colour, no
 * carriage return, no escape sequence. {@code NO_COLOR} (any non-empty value) drops colour on a
 * terminal too. When standard output is the terminal too and gets a line per instance (TAP, JSON
 * lines, osstest events), there is no status line: those lines would land on it. JLine tells
 * whether a stream is a terminal, its width, and how to redraw a line.
 */
final class Progress implements RunListener, AutoCloseable {

    private final PrintStream plain;
    private final Terminal terminal;
    private final boolean colour;
    private final TimeSource time;
    private final Set<String> running = new LinkedHashSet<>();
    private final Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    private ScheduledExecutorService ticker;
    private Instant started;
    private int total;
    private int done;
    private boolean statusShown;
    // A retried instance is counted once, with its latest attempt's verdict.
    private final Map<String, Verdict> latest = new HashMap<>();

    private Progress(PrintStream plain, Terminal terminal, boolean colour, TimeSource time) {
        this.plain = plain;
        this.terminal = terminal;
        this.colour = colour;
        this.time = time;
    }

    /** Plain lines only, to this stream. */
    static Progress plain(PrintStream err, TimeSource time) {
        return new Progress(err, null, false, time);
    }

    /**
     * A live status line when standard error is a terminal and {@code live} allows it, plain lines
     * to {@code err} otherwise.
     */
    static Progress forStandardError(PrintStream err, boolean live, Map<String, String> env, TimeSource time) {
        return forStandardError(err, live, false, env, time);
    }

    /**
     * As {@link #forStandardError(PrintStream, boolean, Map, TimeSource)}; {@code stdoutStreams} says
     * standard output gets a line per instance too (TAP, JSON lines, osstest events): when that is
     * a terminal as well, its lines would land on the status line, so there is none.
     */
    static Progress forStandardError(
            PrintStream err, boolean live, boolean stdoutStreams, Map<String, String> env, TimeSource time) {
        if (!live || "dumb".equals(env.get("TERM")) || (stdoutStreams && isTerminal(SystemStream.Output))) {
            return plain(err, time);
        }
        Terminal t = null;
        try {
            // paused: never read standard input; SIG_DFL: Ctrl-C still reaches the run's shutdown hook
            t = TerminalBuilder.builder()
                    .system(true)
                    .systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .paused(true)
                    .nativeSignals(false)
                    .signalHandler(Terminal.SignalHandler.SIG_DFL)
                    .dumb(true)
                    .build();
        } catch (IOException | RuntimeException e) {
            return plain(err, time);
        }
        if (t.getType().startsWith(Terminal.TYPE_DUMB)
                || t.getStringCapability(Capability.carriage_return) == null
                || t.getStringCapability(Capability.clr_eol) == null) {
            closeQuietly(t);
            return plain(err, time);
        }
        String noColor = env.get("NO_COLOR");
        return new Progress(err, t, noColor == null || noColor.isEmpty(), time);
    }

    private static boolean isTerminal(SystemStream stream) {
        try {
            return TerminalProvider.load("exec").isSystemStream(stream);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    boolean live() {
        return terminal != null;
    }

    @Override
    public synchronized void runStarted(RunPlan plan) {
        total = plan.instances().size();
        started = time.now();
        if (live()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "xtf-harness-progress");
                th.setDaemon(true);
                return th;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
            redraw();
        }
    }

    @Override
    public synchronized void instanceStarted(TestInstance instance, int attempt) {
        running.add(instance.name());
        redraw();
    }

    @Override
    public synchronized void notice(String instance, String message) {
        String who = instance == null || instance.isEmpty() ? "" : instance + ": ";
        line(new AttributedString(TerminalText.printable("xtf-harness: " + who + message)));
    }

    @Override
    public synchronized void instanceFinished(TestResult r) {
        running.remove(r.instance());
        Verdict before = latest.put(r.instance(), r.verdict());
        if (before == null) {
            done++;
        } else {
            counts.merge(before, -1, Integer::sum);
        }
        counts.merge(r.verdict(), 1, Integer::sum);
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append(String.format("[%d/%d] %-40s ", done, total, TerminalText.printable(r.instance())));
        b.append(String.format("%-7s", r.verdict()), style(r.verdict()));
        b.append(String.format(
                " %6.1f s  %s%s",
                r.duration().toMillis() / 1000.0,
                r.attempt() > 1 ? "(attempt " + r.attempt() + ") " : "",
                TerminalText.printable(r.outcome().reason())));
        line(b.toAttributedString());
    }

    @Override
    public synchronized void runFinished(RunSummary summary) {
        stopTicker();
        clearStatus();
    }

    /** The status line gives way to the message: the abort is what a person must see now. */
    @Override
    public void runAborting(Interruption why) {
        close();
        plain.println("xtf-harness: interrupted: destroying this run's domains; finished results are in the "
                + "journal (" + why.reason() + ")");
    }

    @Override
    public synchronized void close() {
        stopTicker();
        if (terminal != null) {
            clearStatus();
            closeQuietly(terminal);
        }
    }

    /** The status line's text: what is done, running and found so far, and how long it has taken. */
    static String status(int done, int total, List<String> running, Map<Verdict, Integer> counts, Duration elapsed) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(done).append('/').append(total).append("] ");
        for (Verdict v : Verdict.values()) {
            int n = counts.getOrDefault(v, 0);
            if (n > 0) {
                b.append(v.name()).append(' ').append(n).append("  ");
            }
        }
        b.append(clockTime(elapsed)).append(" elapsed");
        if (done > 0 && done < total) {
            b.append(", ~")
                    .append(clockTime(elapsed.multipliedBy(total - done).dividedBy(done)))
                    .append(" left");
        }
        if (!running.isEmpty()) {
            b.append(" | running ")
                    .append(running.size())
                    .append(": ")
                    .append(TerminalText.printable(String.join(", ", running)));
        }
        return b.toString();
    }

    static String clockTime(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    private void line(AttributedString text) {
        if (!live()) {
            plain.println(text.toString());
            plain.flush();
            return;
        }
        try {
            PrintWriter w = terminal.writer();
            eraseLine();
            w.print(colour ? text.toAnsi(terminal) : text.toString());
            w.print('\n');
            statusShown = false;
        } catch (IllegalStateException closed) {
            // JLine's own shutdown hook closed the terminal (Ctrl-C): the line goes out plain
            plain.println(text.toString());
            plain.flush();
            return;
        }
        redraw();
    }

    private synchronized void redraw() {
        if (!live() || started == null) {
            return;
        }
        String s = status(done, total, new ArrayList<>(running), counts, Duration.between(started, time.now()));
        int width = Math.max(terminal.getSize().getColumns(), 20);
        AttributedString text = new AttributedString(s, colour ? AttributedStyle.BOLD : AttributedStyle.DEFAULT);
        if (text.columnLength() >= width) {
            // one column short of the width, so the cursor never wraps to a new line
            text = text.columnSubSequence(0, width - 1);
        }
        try {
            eraseLine();
            terminal.writer().print(colour ? text.toAnsi(terminal) : text.toString());
            terminal.flush();
            statusShown = true;
        } catch (IllegalStateException closed) {
            // closed by JLine's shutdown hook while the run is being interrupted: nothing to redraw
        }
    }

    private void eraseLine() {
        terminal.puts(Capability.carriage_return);
        terminal.puts(Capability.clr_eol);
    }

    private void clearStatus() {
        if (live() && statusShown) {
            statusShown = false;
            try {
                eraseLine();
                terminal.flush();
            } catch (IllegalStateException closed) {
                // JLine's shutdown hook (Ctrl-C) closed it first: leave the last status, start a new line
                plain.println();
                plain.flush();
            }
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private AttributedStyle style(Verdict v) {
        if (!colour) {
            return AttributedStyle.DEFAULT;
        }
        return switch (v) {
            case SUCCESS -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case SKIP -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
            case ERROR -> AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
            case FAILURE -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
            case CRASH -> AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
        };
    }

    private static void closeQuietly(Terminal t) {
        try {
            t.close();
        } catch (IOException ignored) {
            // nothing left to restore on a terminal we only wrote to
        }
    }
}
