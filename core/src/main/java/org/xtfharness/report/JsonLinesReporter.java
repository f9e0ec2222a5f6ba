package org.xtfharness.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.journal.TestResultJson;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Streams a run as JSON lines: {@code {"type":"result", ...}} for each result as it finishes (the
 * fields of {@link TestResultJson}), then one {@code {"type":"summary", ...}} with the counts per
 * verdict, the worst verdict and the exit code, and, for an assessed run, the exit policy, the counts
 * of tolerated, flaky and changed results and each instance's assessment. A retried instance has a
 * result line per attempt ({@code attempt} tells them apart); the summary counts only the last. Each line is flushed when written, so a consumer
 * reading a pipe sees results live.
 */
public final class JsonLinesReporter implements RunListener {

    private final OutputStream out;

    /** @param out where the lines go; not closed by this reporter */
    public JsonLinesReporter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void instanceFinished(TestResult result) {
        ObjectNode o = TestResultJson.encode(result);
        ObjectNode line = o.objectNode();
        line.put("type", "result");
        line.setAll(o);
        write(line);
    }

    @Override
    public void runFinished(RunSummary summary) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "summary");
        o.put("host", summary.plan().host());
        o.put("started", summary.plan().started().toString());
        o.put("duration", summary.duration().toString());
        o.put("results", summary.results().size());
        ObjectNode counts = o.putObject("counts");
        summary.counts().forEach((v, n) -> counts.put(v.name(), n));
        o.put(
                "harnessProblems",
                summary.results().stream()
                        .filter(r -> Marks.isHarness(r.outcome()))
                        .count());
        o.put(
                "timeouts",
                summary.results().stream()
                        .filter(r -> Marks.isTimeout(r.outcome()))
                        .count());
        ArrayNode notRun = o.putArray("notRun");
        summary.notRun().forEach(notRun::add);
        o.put("interrupted", summary.interrupted());
        summary.interruption().ifPresent(i -> o.put("interruptedBy", i.reason()));
        Verdict worst = summary.worst();
        o.put("worst", worst.name());
        o.put("exitCode", summary.exitCode());
        if (!summary.assessments().isEmpty()) {
            o.put("exitPolicy", summary.exitPolicy().scope().name());
            o.put("strict", summary.exitPolicy().strict());
            o.put("tolerated", summary.toleratedCount());
            o.put(
                    "flaky",
                    summary.assessments().values().stream()
                            .filter(Assessment::flaky)
                            .count());
            ObjectNode changes = o.putObject("changes");
            summary.changeCounts().forEach((c, n) -> changes.put(c.name(), n));
            ObjectNode each = o.putObject("assessments");
            summary.assessments().values().stream()
                    .sorted(Comparator.comparing(Assessment::instance))
                    .forEach(a -> {
                        ObjectNode x = each.putObject(a.instance());
                        a.toleratedBecause().ifPresent(t -> x.put("toleratedBecause", t));
                        a.change().ifPresent(c -> x.put("change", c.name()));
                        a.previousVerdict().ifPresent(v -> x.put("previousVerdict", v.name()));
                        if (!a.earlierAttempts().isEmpty()) {
                            ArrayNode attempts = x.putArray("earlierAttempts");
                            a.earlierAttempts()
                                    .forEach(e -> attempts.add(e.verdict().name()));
                        }
                        x.put("flaky", a.flaky());
                    });
        }
        write(o);
    }

    private void write(ObjectNode node) {
        try {
            out.write((TestResultJson.line(node) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new InfrastructureException("cannot write JSON lines report: " + e, e);
        }
    }
}
