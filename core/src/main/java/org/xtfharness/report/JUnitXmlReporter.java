package org.xtfharness.report;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.xtfharness.catalog.Environment;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.FinalReport;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Writes a run as JUnit XML in the shape Jenkins' schema allows: one {@code testsuite}, one
 * {@code testcase} per instance (classname {@code xtf.<env>}, name the instance).
 *
 * <ul>
 *   <li>SKIP is {@code <skipped>reason</skipped>}: the schema gives {@code skipped} no attributes;</li>
 *   <li>FAILURE is {@code <failure type="FAILURE" message=reason>};</li>
 *   <li>ERROR and CRASH are {@code <error type=... message=reason>}, where {@code type} is the
 *       verdict ({@code ERROR}, {@code CRASH}) for what the guest did, {@code TIMEOUT} for a hang,
 *       {@code VANISHED} for a domain destroyed by something else, and {@code INFRASTRUCTURE},
 *       {@code CONFIGURATION} or {@code INTERRUPTED} for a problem of the harness;</li>
 *   <li>instances an interrupted run never finished are skipped with that reason.</li>
 * </ul>
 * The console excerpt goes to {@code system-out}; the runner's notes and the other evidence to
 * {@code system-err}.
 *
 * <p>An assessed run (a baseline, an earlier run, retries) keeps every real verdict in its element:
 * a tolerated FAILURE is still a {@code failure}, since JUnit has no "tolerated" and a report must
 * not hide what the guest did. The class is added instead: the {@code message} starts with it in
 * brackets ({@code [REGRESSION (was SUCCESS)] ...}, {@code [STILL_FAILING (was FAILURE); tolerated] ...}),
 * the body and {@code system-err} say why a verdict is tolerated and carry each earlier attempt's
 * verdict and evidence, and the suite's properties count each class ({@code change.REGRESSION},
 * {@code tolerated}, {@code flaky}), name the instances gone since the earlier run
 * ({@code gone}) and the exit policy ({@code exitPolicy}). Characters XML 1.0 cannot hold are replaced by U+FFFD. The file is written
 * to a temporary file beside it, forced to disk and moved into place, so a reader never sees half a
 * report.
 */
public final class JUnitXmlReporter implements FinalReport {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path file;

    /** @param file where the report is written at the end of the run */
    public JUnitXmlReporter(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public Pending stage(RunSummary summary) {
        return ReportFiles.stage(file, "JUnit report", out -> write(summary, out));
    }

    /** Writes the report for a run to a stream, in UTF-8. */
    public static void write(RunSummary summary, OutputStream out) throws XMLStreamException {
        Map<String, TestInstance> planned = new HashMap<>();
        summary.plan().instances().forEach(i -> planned.put(i.name(), i));
        int failures = 0;
        int errors = 0;
        int skipped = summary.notRun().size();
        for (TestResult r : summary.results()) {
            switch (r.verdict()) {
                case FAILURE -> failures++;
                case ERROR, CRASH -> errors++;
                case SKIP -> skipped++;
                default -> {}
            }
        }
        XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeCharacters("\n");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", "xtf");
        w.writeAttribute(
                "tests",
                Integer.toString(summary.results().size() + summary.notRun().size()));
        w.writeAttribute("failures", Integer.toString(failures));
        w.writeAttribute("errors", Integer.toString(errors));
        w.writeAttribute("skipped", Integer.toString(skipped));
        w.writeAttribute("time", seconds(summary.duration()));
        w.writeAttribute("timestamp", TIMESTAMP.format(summary.plan().started().truncatedTo(ChronoUnit.SECONDS)));
        w.writeAttribute("hostname", XmlText.clean(summary.plan().host()));
        w.writeCharacters("\n  ");
        w.writeStartElement("properties");
        property(w, "host", summary.plan().host());
        property(w, "console", summary.plan().console());
        property(w, "jobs", Integer.toString(summary.plan().jobs()));
        property(w, "interrupted", Boolean.toString(summary.interrupted()));
        if (summary.interruption().isPresent()) {
            property(w, "interruptedBy", summary.interruption().get().reason());
        }
        property(w, "exitCode", Integer.toString(summary.exitCode()));
        if (!summary.assessments().isEmpty()) {
            property(
                    w,
                    "exitPolicy",
                    summary.exitPolicy().scope().name() + (summary.exitPolicy().strict() ? ", strict" : ""));
            property(w, "tolerated", Long.toString(summary.toleratedCount()));
            property(
                    w,
                    "flaky",
                    Long.toString(summary.assessments().values().stream()
                            .filter(Assessment::flaky)
                            .count()));
            Map<Assessment.Change, Integer> changes = summary.changeCounts();
            if (changes.values().stream().anyMatch(n -> n > 0)) {
                for (Assessment.Change c : Assessment.Change.values()) {
                    property(w, "change." + c.name(), Integer.toString(changes.get(c)));
                }
                Set<String> finished = new HashSet<>();
                summary.results().forEach(r -> finished.add(r.instance()));
                property(
                        w,
                        "gone",
                        summary.assessments().values().stream()
                                .filter(a -> a.change().orElse(null) == Assessment.Change.GONE
                                        && !finished.contains(a.instance()))
                                .map(Assessment::instance)
                                .sorted()
                                .collect(Collectors.joining(" ")));
            }
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
        for (TestResult r : summary.results()) {
            testcase(w, r, planned.get(r.instance()), summary.assessment(r.instance()));
        }
        for (String name : summary.notRun()) {
            w.writeCharacters("\n  ");
            w.writeStartElement("testcase");
            w.writeAttribute("name", XmlText.clean(name));
            w.writeAttribute("classname", classname(name, planned.get(name)));
            w.writeAttribute("time", "0.000");
            w.writeStartElement("skipped");
            w.writeCharacters("not run: the run was interrupted before this instance finished");
            w.writeEndElement();
            w.writeEndElement();
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndDocument();
        w.flush();
        w.close();
    }

    private static void testcase(XMLStreamWriter w, TestResult r, TestInstance instance, Optional<Assessment> a)
            throws XMLStreamException {
        Outcome o = r.outcome();
        List<String> words = Marks.assessmentWords(r, a);
        String prefix = words.isEmpty() ? "" : "[" + String.join("; ", words) + "] ";
        w.writeCharacters("\n  ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", XmlText.clean(r.instance()));
        w.writeAttribute("classname", classname(r.instance(), instance));
        w.writeAttribute("time", seconds(r.duration()));
        String reason = XmlText.clean(o.reason());
        switch (o.verdict()) {
            case SKIP -> {
                w.writeStartElement("skipped");
                w.writeCharacters(reason);
                w.writeEndElement();
            }
            case FAILURE, ERROR, CRASH -> {
                w.writeStartElement(o.verdict() == Verdict.FAILURE ? "failure" : "error");
                w.writeAttribute("type", Marks.type(o));
                w.writeAttribute("message", XmlText.clean(prefix) + reason);
                w.writeCharacters(XmlText.clean(body(o) + assessmentLines(a)));
                w.writeEndElement();
            }
            default -> {}
        }
        Evidence e = r.evidence();
        if (!e.consoleExcerpt().isEmpty()) {
            w.writeStartElement("system-out");
            w.writeCharacters(XmlText.clean(String.join("\n", e.consoleExcerpt()) + "\n"));
            w.writeEndElement();
        }
        List<String> err = evidenceLines(r);
        if (a.isPresent()) {
            if (!words.isEmpty()) {
                err.add(0, "assessment: " + String.join("; ", words));
            }
            a.get().toleratedBecause().ifPresent(why -> err.add(1, "tolerated: " + why));
            for (TestResult earlier : a.get().earlierAttempts()) {
                err.add("attempt " + earlier.attempt() + " of " + r.attempt() + ": "
                        + earlier.verdict().name() + " (cause "
                        + earlier.outcome().cause().name() + "): "
                        + earlier.outcome().reason());
                evidenceLines(earlier).forEach(l -> err.add("  " + l));
                if (!earlier.evidence().consoleExcerpt().isEmpty()) {
                    err.add("  console excerpt:");
                    earlier.evidence().consoleExcerpt().forEach(l -> err.add("    " + l));
                }
            }
        }
        if (!err.isEmpty()) {
            w.writeStartElement("system-err");
            w.writeCharacters(XmlText.clean(String.join("\n", err) + "\n"));
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static String body(Outcome o) {
        StringBuilder b = new StringBuilder();
        b.append(o.verdict().name())
                .append(" (cause ")
                .append(o.cause().name())
                .append("): ")
                .append(o.reason());
        for (String d : o.details()) {
            b.append('\n').append(d);
        }
        return b.toString();
    }

    private static String assessmentLines(Optional<Assessment> a) {
        StringBuilder b = new StringBuilder();
        a.ifPresent(x -> {
            x.change()
                    .ifPresent(c -> b.append("\nchange since the earlier run: ")
                            .append(c.name())
                            .append(x.previousVerdict()
                                    .map(v -> " (was " + v.name() + ")")
                                    .orElse("")));
            x.toleratedBecause()
                    .ifPresent(why -> b.append("\ntolerated by the baseline: ").append(why));
        });
        return b.toString();
    }

    private static List<String> evidenceLines(TestResult r) {
        Evidence e = r.evidence();
        List<String> lines = new ArrayList<>();
        if (r.outcome().withWarnings()) {
            lines.add("guest reported SUCCESS with warnings: " + r.outcome().reason());
        }
        if (r.attempt() > 1) {
            lines.add("attempt " + r.attempt());
        }
        e.notes().forEach(n -> lines.add("note: " + n));
        if (!e.consoleOrigin().isEmpty()) {
            lines.add("console: " + e.consoleOrigin()
                    + e.consoleLocation().map(l -> " (" + l + ")").orElse("") + ", " + e.consoleBytes() + " bytes");
        }
        e.domainState().ifPresent(s -> lines.add("domain state: " + s));
        e.domainDetails().ifPresent(s -> lines.add("domain details:\n" + s));
        e.hypervisorLog().ifPresent(s -> lines.add("hypervisor log:\n" + s));
        return lines;
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", XmlText.clean(value));
    }

    /** {@code xtf.<env>}, from the plan, else from the name; {@code xtf} if neither tells. */
    private static String classname(String name, TestInstance instance) {
        if (instance != null) {
            return "xtf." + instance.environment().id();
        }
        String[] parts = name.split("-", 3);
        if (parts.length == 3 && parts[0].equals("test")) {
            return Environment.fromId(parts[1]).map(env -> "xtf." + env.id()).orElse("xtf");
        }
        return "xtf";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, d.toMillis()) / 1000.0);
    }
}
