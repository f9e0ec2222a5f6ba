package org.xtfharness.xenrt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.report.ReportFiles;
import org.xtfharness.report.TerminalText;
import org.xtfharness.result.Outcome;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.FinalReport;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Writes a run as one JSON document made for a XenRT testcase: one record per selected instance
 * with its XenRT group, testcase, result and reason, and where its evidence is. The format is
 * versioned ({@value #SCHEMA_VERSION}) and documented in {@code xenrt-adapter/README.md}.
 *
 * <p>The document is written when the run finishes, to a temporary file beside the target that is
 * then renamed over it, so a reader never sees half a document; a run that never finishes leaves
 * no file, which the reader must treat as an error. Instances an interrupted run never finished
 * are recorded as {@code NOTRUN}.
 */
public final class XenrtJsonReporter implements FinalReport {

    /** The format's name, in the document's {@code format} field. */
    public static final String FORMAT = "xtf-harness-xenrt";
    /** The format's version; a reader refuses versions it does not know. */
    public static final int SCHEMA_VERSION = 1;
    /** How many console lines each record carries. */
    public static final int CONSOLE_TAIL_LINES = 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path target;
    private final XenrtConventions conventions;
    private final Map<String, String> artifacts;

    /**
     * @param target the JSON file to write
     * @param conventions how verdicts and names become XenRT's
     * @param artifacts other files of the run, by kind ({@code journal}, {@code junit}), recorded as given
     */
    public XenrtJsonReporter(Path target, XenrtConventions conventions, Map<String, String> artifacts) {
        this.target = Objects.requireNonNull(target, "target");
        this.conventions = Objects.requireNonNull(conventions, "conventions");
        this.artifacts = Map.copyOf(artifacts);
    }

    /** A reporter with {@link XenrtConventions#defaults()} and no other artifacts. */
    public static XenrtJsonReporter to(Path target) {
        return new XenrtJsonReporter(target, XenrtConventions.defaults(), Map.of());
    }

    @Override
    public Pending stage(RunSummary summary) {
        return write(document(summary));
    }

    /** The document for a finished run, as written. */
    ObjectNode document(RunSummary summary) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", FORMAT);
        doc.put("schemaVersion", SCHEMA_VERSION);

        RunPlan plan = summary.plan();
        ObjectNode run = doc.putObject("run");
        run.put("host", plan.host());
        run.put("console", plan.console());
        run.put("jobs", plan.jobs());
        run.put("started", plan.started().toString());
        run.put("durationMs", summary.duration().toMillis());
        run.put("interrupted", summary.interrupted());
        run.put("exitCode", summary.exitCode());
        run.put("worstVerdict", summary.worst().name());
        ObjectNode counts = run.putObject("counts");
        summary.counts().forEach((v, n) -> counts.put(v.name(), n));
        counts.put("NOTRUN", summary.notRun().size());
        ObjectNode files = run.putObject("artifacts");
        artifacts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> files.put(e.getKey(), e.getValue()));

        ArrayNode results = doc.putArray("results");
        for (TestResult r : summary.results()) {
            ObjectNode n = record(r);
            summary.assessment(r.instance()).ifPresent(a -> assessment(n, a));
            results.add(n);
        }
        for (String instance : summary.notRun()) {
            results.add(notRun(instance));
        }
        visible(doc);
        return doc;
    }

    /**
     * Every string in the document shown as every report shows it: a bidi override or a zero-width
     * character from a guest becomes a visible escape ({@link TerminalText#printableLines}).
     */
    private static void visible(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (v.isTextual()) {
                    o.put(name, TerminalText.printableLines(v.asText()));
                } else {
                    visible(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(
                            i,
                            TextNode.valueOf(
                                    TerminalText.printableLines(a.get(i).asText())));
                } else {
                    visible(a.get(i));
                }
            }
        }
    }

    private ObjectNode record(TestResult r) {
        Outcome o = r.outcome();
        ObjectNode n = subcase(r.instance(), conventions.result(o.verdict()));
        n.put("reason", o.reason());
        n.put("verdict", o.verdict().name());
        n.put("cause", o.cause().name());
        n.put("harnessProblem", o.cause().isHarnessProblem());
        n.put("withWarnings", o.withWarnings());
        strings(n.putArray("details"), o.details());
        n.put("attempt", r.attempt());
        n.put("started", r.started().toString());
        n.put("durationMs", r.duration().toMillis());

        Evidence e = r.evidence();
        ObjectNode ev = n.putObject("evidence");
        if (e.consoleOrigin().isEmpty()) {
            ev.putNull("consoleLog");
        } else {
            ev.put("consoleLog", e.consoleOrigin());
        }
        ev.put("consoleLocation", e.consoleLocation().map(Enum::name).orElse(null));
        ev.put("consoleBytes", e.consoleBytes());
        List<String> excerpt = e.consoleExcerpt();
        strings(
                ev.putArray("consoleTail"),
                excerpt.subList(Math.max(0, excerpt.size() - CONSOLE_TAIL_LINES), excerpt.size()));
        ev.put("domainState", e.domainState().orElse(null));
        strings(ev.putArray("notes"), e.notes());
        return n;
    }

    /**
     * What a baseline, an earlier run and retries say; the XenRT {@code result} stays the real
     * verdict's, so XenRT's own triage is unchanged.
     */
    private void assessment(ObjectNode n, Assessment a) {
        ObjectNode x = n.putObject("assessment");
        x.put("tolerated", a.toleratedBecause().orElse(null));
        x.put("change", a.change().map(Enum::name).orElse(null));
        x.put("previousVerdict", a.previousVerdict().map(Enum::name).orElse(null));
        x.put("flaky", a.flaky());
        ArrayNode earlier = x.putArray("earlierAttempts");
        for (TestResult e : a.earlierAttempts()) {
            ObjectNode t = earlier.addObject();
            t.put("attempt", e.attempt());
            t.put("verdict", e.verdict().name());
            t.put("cause", e.outcome().cause().name());
            t.put("reason", e.outcome().reason());
            t.put("consoleLog", e.evidence().consoleOrigin());
            List<String> excerpt = e.evidence().consoleExcerpt();
            strings(
                    t.putArray("consoleTail"),
                    excerpt.subList(Math.max(0, excerpt.size() - CONSOLE_TAIL_LINES), excerpt.size()));
        }
    }

    private ObjectNode notRun(String instance) {
        ObjectNode n = subcase(instance, XenrtResult.NOTRUN);
        n.put("reason", "not run: the run was interrupted before this instance finished");
        n.putNull("verdict");
        n.putNull("cause");
        n.put("harnessProblem", true);
        return n;
    }

    private ObjectNode subcase(String instance, XenrtResult result) {
        Subcase s = conventions.subcase(instance);
        ObjectNode n = JSON.createObjectNode();
        n.put("instance", instance);
        n.put("group", s.group());
        n.put("testcase", s.testcase());
        n.put("result", result.name());
        n.put("resultCode", result.code());
        return n;
    }

    private static void strings(ArrayNode a, List<String> items) {
        items.forEach(a::add);
    }

    private Pending write(ObjectNode doc) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InfrastructureException(
                    "cannot write XenRT results to " + target + ": cannot create " + dir + ": " + Messages.reason(e),
                    e);
        }
        return ReportFiles.stage(target, "XenRT results", out -> JSON.writeValue(out, doc));
    }
}
