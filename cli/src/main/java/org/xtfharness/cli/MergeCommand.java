package org.xtfharness.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xtfharness.baseline.Baseline;
import org.xtfharness.baseline.BaselineAssessor;
import org.xtfharness.baseline.EarlierRun;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.journal.Journal;
import org.xtfharness.report.OutputTarget;
import org.xtfharness.report.Reporters;
import org.xtfharness.report.TapReporter;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;
import org.xtfharness.shard.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xtf-harness merge JOURNAL...}: the journals of a selection's shards ({@code run --shard})
 * put back together as one run, reported as {@code run} reports one and exiting as it would have.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Merge the journals of every shard of one selection (run --shard K/N) into one run: one journal, "
                    + "JUnit, HTML, TAP or JSON lines, and the exit code of the worst verdict, as run gives: SUCCESS 0, "
                    + "SKIP 3, ERROR 4, FAILURE 5, CRASH 6; 1 for a usage error, journals that do not fit together "
                    + "(another selection, a shard given twice or missing, an instance in two shards), or a shard "
                    + "that did not finish. Every check is made before anything is written."
        },
        footer = {
            "",
            "Examples:",
            "  xtf-harness merge shard-*.jsonl --junit junit.xml --journal merged.jsonl",
            "  xtf-harness merge shard-1.jsonl shard-2.jsonl --baseline xtf.baseline \\",
            "      --compare last-merged.jsonl --exit-on regressions --html report.html"
        })
final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JOURNAL", arity = "1..*", description = "The shards' journals, one a shard, any order.")
    List<Path> journals = new ArrayList<>();

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            converter = RunCommand.FormatConverter.class,
            description = "What goes to standard output: text, tap, json-lines (default: ${DEFAULT-VALUE}).")
    RunCommand.Format format;

    @Option(
            names = "--tap-version",
            paramLabel = "13|14",
            defaultValue = "14",
            description = "TAP version for --format tap.")
    int tapVersion;

    @Option(
            names = "--journal",
            paramLabel = "FILE",
            description = "Write the merged journal to this new file: "
                    + "every shard's attempts, its header naming the whole selection as its one shard (1/1).")
    Path journal;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML (Jenkins schema) here.")
    Path junit;

    @Option(names = "--html", paramLabel = "FILE", description = "Write one self-contained HTML report here.")
    Path html;

    @Option(names = "--json-lines", paramLabel = "FILE", description = "Write results as JSON lines here.")
    Path jsonLines;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Verdicts to tolerate (docs/baseline.md), as for run; rules limited to Xen versions "
                    + "apply when every shard ran on the same Xen version.")
    Path baseline;

    @Option(names = "--strict", description = "Count verdicts the baseline tolerates towards the exit code.")
    boolean strict;

    @Option(
            names = "--compare",
            paramLabel = "FILE",
            description = "An earlier run's journal or JUnit XML to classify each instance against, as for run.")
    Path compare;

    @Option(
            names = "--exit-on",
            paramLabel = "all|regressions",
            defaultValue = "all",
            converter = RunCommand.ScopeConverter.class,
            description = "Which results decide the exit code: all (default) or regressions (with --compare).")
    ExitPolicy.Scope exitOn;

    @Override
    public Integer call() {
        if (format == RunCommand.Format.osstest_events) {
            throw new ConfigurationException("merge writes --format text, tap or json-lines; osstest's events "
                    + "belong to the runs themselves");
        }
        if (tapVersion != TapReporter.TAP13 && tapVersion != TapReporter.TAP14) {
            throw new ConfigurationException("--tap-version takes 13 or 14, not " + tapVersion);
        }
        if (exitOn == ExitPolicy.Scope.REGRESSIONS && compare == null) {
            throw new ConfigurationException(
                    "--exit-on regressions needs --compare FILE: regressions are against an earlier run");
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        // Everything read and checked before anything is written: a mismatch costs nothing.
        Optional<Baseline> tolerated = Optional.ofNullable(baseline).map(Baseline::read);
        Optional<EarlierRun> earlier = Optional.ofNullable(compare).map(EarlierRun::read);
        ShardMerge.Merged merged = ShardMerge.merge(journals);
        checkOutputs();
        merged.notes().forEach(n -> err.println("xtf-harness: " + n));
        err.println("xtf-harness: merged " + merged.pieces().size() + " shard(s) of a selection of "
                + merged.instances().size() + " instance(s) (" + merged.selection() + "): "
                + merged.results().size() + " finished, " + merged.notRun().size() + " not run");

        ExitPolicy policy = new ExitPolicy(exitOn, strict);
        RunSummary summary = merged.summary("merged from " + merged.pieces().size() + " shard journal(s)", policy);
        if (tolerated.isPresent() || earlier.isPresent()) {
            summary = summary.withAssessments(
                    new BaselineAssessor(tolerated.orElse(Baseline.empty()), earlier, merged.xenVersion())
                            .assess(summary));
        }
        if (journal != null) {
            try (Journal j = Journal.create(journal, merged.header(Version.current()))) {
                merged.attempts().forEach(j::append);
            }
        }
        Writer stdout = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        List<RunListener> reporters = new ArrayList<>();
        reporters.add(
                switch (format) {
                    case tap -> TapReporter.to(stdout, tapVersion);
                    case json_lines -> Reporters.jsonLines(out);
                    case text, osstest_events -> Reporters.textSummary(out);
                });
        if (junit != null) {
            reporters.add(Reporters.junitXml(junit));
        }
        if (html != null) {
            reporters.add(Reporters.html(html));
        }
        if (jsonLines != null) {
            reporters.add(new FileJsonLines(jsonLines));
        }
        List<String> failed = new ArrayList<>();
        for (RunListener r : reporters) {
            // Each report is attempted, as after a run: one that cannot be written does not cost the others.
            try {
                replay(r, summary);
            } catch (RuntimeException e) {
                failed.add(Messages.reason(e));
            }
        }
        try {
            stdout.flush();
        } catch (IOException e) {
            failed.add("standard output: " + Messages.reason(e));
        }
        if (!failed.isEmpty()) {
            throw new InfrastructureException(
                    "the merge's reports could not all be written: " + String.join("; ", failed));
        }
        return summary.exitCode();
    }

    /** What a reporter hears of a run, from the merged summary. */
    private static void replay(RunListener r, RunSummary summary) {
        r.runStarted(summary.plan());
        for (TestResult t : summary.results()) {
            r.instanceFinished(t);
        }
        r.runFinished(summary);
    }

    /**
     * Each output names a place of its own in a writable directory, none of them a journal being
     * merged, the new journal not there yet; files are told apart by identity, not by their names.
     */
    private void checkOutputs() {
        Map<String, Path> outputs = new LinkedHashMap<>();
        if (journal != null) {
            outputs.put("--journal", journal);
        }
        if (junit != null) {
            outputs.put("--junit", junit);
        }
        if (html != null) {
            outputs.put("--html", html);
        }
        if (jsonLines != null) {
            outputs.put("--json-lines", jsonLines);
        }
        // The journals being merged come first: an output that is one of them is refused by identity.
        List<OutputTarget> targets = new ArrayList<>();
        for (Path in : journals) {
            targets.add(OutputTarget.resolve("the journal being merged", in));
        }
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            Path file = o.getValue();
            if (file.toString().isEmpty()) {
                throw new ConfigurationException(o.getKey() + ": the file name is empty");
            }
            if (Files.isDirectory(file)) {
                throw new ConfigurationException(o.getKey() + " " + file + " is a directory, not a file");
            }
            if (o.getKey().equals("--journal") && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigurationException(
                        "--journal " + file + " already exists: the merged journal is a new file; choose another");
            }
            // Resolved as the kernel will open it (links before ".."), then tried in its directory.
            targets.add(OutputTarget.resolve(o.getKey(), file).check());
        }
        OutputTarget.requireDistinct(targets);
    }
}
