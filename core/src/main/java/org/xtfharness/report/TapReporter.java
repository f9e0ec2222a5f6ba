package org.xtfharness.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Writes a run as a Test Anything Protocol stream: one test point per instance, SUCCESS and SKIP
 * as {@code ok} (SKIP with a {@code # SKIP} directive), everything else as {@code not ok} with a
 * YAML diagnostic block carrying the verdict, cause, reason, details and the console's last lines.
 *
 * <p>The stream is written whole when the run finishes, from the summary's final results, so a
 * retried attempt never leaves a stale {@code not ok} behind. Instances an interrupted run never
 * finished are {@code not ok}, so a harness never mistakes a partial run for a passing one.
 *
 * <p>In an assessed run, a verdict a baseline tolerates is {@code not ok ... # TODO tolerated: REASON}
 * (TAP's "expected to fail", which harnesses do not count), except under a strict exit policy;
 * the YAML block adds {@code tolerated}, {@code change}, {@code previous_verdict} and, after
 * retries, {@code earlier_attempts}; a flaky pass is {@code ok} with a comment line after it.
 *
 * <p>The body is valid TAP 13 and TAP 14 alike; only the version line differs. Perl's
 * {@code TAP::Harness} up to at least 3.44 refuses {@code TAP version 14} with a parse error, hence
 * {@link #TAP13} for feeding {@code prove}.
 */
public final class TapReporter implements RunListener {

    /** Version line of TAP 14, the default. */
    public static final int TAP14 = 14;
    /** Version line of TAP 13, for harnesses that refuse 14 (Perl's prove 3.44). */
    public static final int TAP13 = 13;
    /** How many console lines a diagnostic block carries. */
    public static final int CONSOLE_TAIL_LINES = 20;

    private final Writer out;
    private final int version;

    private TapReporter(Writer out, int version) {
        this.out = Objects.requireNonNull(out, "out");
        if (version != TAP13 && version != TAP14) {
            throw new IllegalArgumentException("TAP version must be 13 or 14, not " + version);
        }
        this.version = version;
    }

    /** A TAP 14 reporter writing to {@code out}; the writer is flushed, never closed. */
    public static TapReporter to(Writer out) {
        return new TapReporter(out, TAP14);
    }

    /** A reporter writing the given TAP version line (13 or 14). */
    public static TapReporter to(Writer out, int version) {
        return new TapReporter(out, version);
    }

    @Override
    public void runFinished(RunSummary summary) {
        StringBuilder b = new StringBuilder();
        b.append("TAP version ").append(version).append('\n');
        int total = summary.results().size() + summary.notRun().size();
        b.append("1..").append(total).append('\n');
        RunPlan plan = summary.plan();
        b.append("# host: ").append(TerminalText.printable(plan.host())).append('\n');
        int n = 0;
        for (TestResult r : summary.results()) {
            n++;
            point(
                    b,
                    n,
                    r,
                    summary.assessment(r.instance()),
                    summary.exitPolicy().strict());
        }
        for (String name : summary.notRun()) {
            n++;
            b.append("not ok ")
                    .append(n)
                    .append(" - ")
                    .append(description(name))
                    .append('\n');
            b.append("  ---\n");
            b.append("  verdict: ~\n");
            b.append("  reason: ")
                    .append(yamlString("not run: the run was interrupted before this instance finished"))
                    .append('\n');
            b.append("  ...\n");
        }
        if (summary.interrupted()) {
            b.append("# run interrupted; exit code ").append(summary.exitCode()).append('\n');
        }
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the TAP report: " + e.getMessage(), e);
        }
    }

    private static void point(StringBuilder b, int n, TestResult r, Optional<Assessment> a, boolean strict) {
        Outcome o = r.outcome();
        Verdict v = r.verdict();
        if (v == Verdict.SUCCESS) {
            b.append("ok ").append(n).append(" - ").append(description(r.instance()));
            b.append('\n');
            List<String> words = Marks.assessmentWords(r, a);
            if (!words.isEmpty()) {
                b.append("# ").append(description(String.join("; ", words))).append('\n');
            }
            return;
        }
        if (v == Verdict.SKIP) {
            b.append("ok ")
                    .append(n)
                    .append(" - ")
                    .append(description(r.instance()))
                    .append(" # SKIP ")
                    .append(description(o.reason()))
                    .append('\n');
            return;
        }
        Optional<String> tolerated = a.flatMap(Assessment::toleratedBecause);
        b.append("not ok ").append(n).append(" - ").append(description(r.instance()));
        if (tolerated.isPresent() && !strict) {
            b.append(" # TODO tolerated: ").append(description(tolerated.get()));
        }
        b.append('\n');
        b.append("  ---\n");
        b.append("  verdict: ").append(yamlString(v.name())).append('\n');
        tolerated.ifPresent(t -> b.append("  tolerated: ").append(yamlString(t)).append('\n'));
        a.flatMap(Assessment::change)
                .ifPresent(
                        c -> b.append("  change: ").append(yamlString(c.name())).append('\n'));
        a.flatMap(Assessment::previousVerdict)
                .ifPresent(p -> b.append("  previous_verdict: ")
                        .append(yamlString(p.name()))
                        .append('\n'));
        a.ifPresent(x -> list(
                b,
                "earlier_attempts",
                x.earlierAttempts().stream()
                        .map(e -> e.attempt() + ": " + e.verdict().name() + ": "
                                + e.outcome().reason())
                        .toList()));
        b.append("  cause: ").append(yamlString(o.cause().name())).append('\n');
        b.append("  harness_problem: ").append(o.cause().isHarnessProblem()).append('\n');
        b.append("  reason: ").append(yamlString(o.reason())).append('\n');
        b.append("  attempt: ").append(r.attempt()).append('\n');
        b.append("  duration_ms: ").append(r.duration().toMillis()).append('\n');
        list(b, "details", o.details());
        if (!r.evidence().consoleOrigin().isEmpty()) {
            b.append("  console: ")
                    .append(yamlString(r.evidence().consoleOrigin()))
                    .append('\n');
        }
        List<String> excerpt = r.evidence().consoleExcerpt();
        list(b, "console_tail", excerpt.subList(Math.max(0, excerpt.size() - CONSOLE_TAIL_LINES), excerpt.size()));
        r.evidence()
                .domainState()
                .ifPresent(
                        s -> b.append("  domain_state: ").append(yamlString(s)).append('\n'));
        list(b, "notes", r.evidence().notes());
        b.append("  ...\n");
    }

    /**
     * A list of lines as one double-quoted scalar joined by {@code \n}, not as a YAML sequence:
     * Perl's YAMLish reader takes a sequence item such as {@code - "Test result: SUCCESS"} for an
     * inline mapping and stops parsing, and console lines are full of {@code ": "}.
     */
    private static void list(StringBuilder b, String key, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append("  ")
                .append(key)
                .append(": ")
                .append(yamlString(String.join("\n", items)))
                .append('\n');
    }

    /**
     * A test point's description: TAP 14 escapes {@code \} and {@code #}, and a line break would
     * end the test point, so control and invisible characters are shown as {@link TerminalText} shows
     * them.
     */
    static String description(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '\\' || c == '#') {
                b.append('\\').appendCodePoint(c);
            } else if (c == '\t' || TerminalText.isHidden(c)) {
                b.append(c == '\t' ? "\\x09" : TerminalText.escape(c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /**
     * A YAML double-quoted scalar: always quoted, so no value can end the block or change type. Text
     * is first made visible by {@link TerminalText#printableLines}, and its backslashes then escaped,
     * so a reader of the YAML gets the six characters of the escape, as every other report shows it.
     */
    static String yamlString(String raw) {
        String s = TerminalText.printableLines(raw);
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
