package org.xtfharness.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.xtfharness.domain.DomainId;
import org.xtfharness.host.HostStep;

/**
 * Captures with two sources at once (the live console and xenconsoled's log): the primary's
 * capture decides, and any disagreement of the other is recorded as a note for a person to see.
 * The check never changes a verdict, and its own failure is only a note.
 */
final class CrossCheckedConsoleSource implements ConsoleSource {

    private static final int SHOWN = 120;
    private static final String BANNER = "--- Xen Test Framework ---";

    private final ConsoleSource primary;
    private final ConsoleSource check;

    CrossCheckedConsoleSource(ConsoleSource primary, ConsoleSource check) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public ConsoleSession open(String domainName) {
        return open(domainName, false);
    }

    @Override
    public ConsoleSession openDeferringMark(String domainName) {
        return open(domainName, true);
    }

    private ConsoleSession open(String domainName, boolean deferring) {
        ConsoleSession p = deferring ? primary.openDeferringMark(domainName) : primary.open(domainName);
        ConsoleSession c;
        try {
            c = deferring ? check.openDeferringMark(domainName) : check.open(domainName);
        } catch (RuntimeException e) {
            return new Session(
                    p, null, List.of("cross-check with " + check.describe() + " not possible: " + e.getMessage()));
        }
        return new Session(p, c, List.of());
    }

    /** Both sources' lines, each once: the check must be able to attach as well. */
    @Override
    public List<String> createOverrides() {
        return Stream.concat(primary.createOverrides().stream(), check.createOverrides().stream())
                .distinct()
                .toList();
    }

    @Override
    public String describe() {
        return primary.describe() + ", cross-checked against " + check.describe();
    }

    private final class Session implements ConsoleSession {
        private final ConsoleSession p;
        private ConsoleSession c;
        private final List<String> notes;

        Session(ConsoleSession p, ConsoleSession c, List<String> notes) {
            this.p = p;
            this.c = c;
            this.notes = new ArrayList<>(notes);
        }

        @Override
        public void attach(DomainId id, Duration deadline) {
            if (c != null) {
                try {
                    c.attach(id, deadline);
                } catch (RuntimeException e) {
                    notes.add("cross-check with " + check.describe() + " not possible: " + e.getMessage());
                    closeCheck();
                }
            }
            p.attach(id, deadline);
        }

        /** One step rides per round trip: the primary's, else the check's. */
        @Override
        public Optional<HostStep> whilePaused() {
            return p.whilePaused().or(() -> c == null ? Optional.empty() : c.whilePaused());
        }

        @Override
        public Optional<HostStep> atEnd() {
            return p.atEnd().or(() -> c == null ? Optional.empty() : c.atEnd());
        }

        @Override
        public ConsoleCapture collect() {
            ConsoleCapture mine = p.collect();
            List<String> all = new ArrayList<>(mine.notes());
            all.addAll(notes);
            if (c != null) {
                try {
                    ConsoleCapture other = c.collect();
                    disagreement(mine, other).ifPresent(all::add);
                } catch (RuntimeException e) {
                    all.add("cross-check with " + check.describe() + " failed: " + e.getMessage());
                }
            }
            return new ConsoleCapture(
                    mine.lines(), mine.byteCount(), mine.droppedBytes(), mine.origin(), mine.location(), all);
        }

        @Override
        public void close() {
            try {
                p.close();
            } finally {
                closeCheck();
            }
        }

        private void closeCheck() {
            if (c != null) {
                ConsoleSession x = c;
                c = null;
                try {
                    x.close();
                } catch (RuntimeException e) {
                    notes.add("closing the cross-check capture failed: " + e.getMessage());
                }
            }
        }
    }

    /** A note describing where two captures first differ, or empty when their lines agree. */
    static Optional<String> disagreement(ConsoleCapture a, ConsoleCapture b) {
        // The log source starts this run at its XTF banner and notes what it skipped before it (a
        // guest's own boot messages, say); the live stream has them. Compare the XTF output proper.
        List<String> x = fromBanner(a.lines());
        List<String> y = fromBanner(b.lines());
        if (x.equals(y)) {
            return Optional.empty();
        }
        int i = 0;
        while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
            i++;
        }
        return Optional.of("console captures disagree: " + a.origin() + " has " + x.size() + " lines, "
                + b.origin() + " has " + y.size() + "; first difference at line " + (i + 1) + ": "
                + show(x, i) + " vs " + show(y, i));
    }

    private static List<String> fromBanner(List<String> lines) {
        int at = lines.indexOf(BANNER);
        return at > 0 ? lines.subList(at, lines.size()) : lines;
    }

    private static String show(List<String> lines, int i) {
        if (i >= lines.size()) {
            return "(no line)";
        }
        String s = lines.get(i);
        return "'" + (s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s) + "'";
    }
}
