package org.xtfharness.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xtfharness.baseline.Baseline;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.report.OutputTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xtf-harness baseline --from JOURNAL}: drafts a baseline tolerating what failed in that run. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Write a baseline that tolerates every verdict but SUCCESS of an earlier run (its journal), "
                    + "for a maintainer to edit (reasons, bug references, Xen versions, globs) and commit. "
                    + "Use it with 'run --baseline FILE'; the format is in docs/baseline.md."
        },
        footer = {
            "",
            "Examples:",
            "  xtf-harness baseline --from xtf-harness-journal-20240501-100000.jsonl \\",
            "      -o xtf.baseline",
            "  xtf-harness baseline --from run.jsonl > xtf.baseline"
        })
final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "JOURNAL", required = true, description = "The run's journal.")
    Path from;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the baseline to this new file (default: standard output).")
    Path output;

    @Override
    public Integer call() {
        // checked before the journal is read: a mistyped -o costs nothing
        Optional<OutputTarget> target = Optional.ofNullable(output).map(BaselineCommand::target);
        Journal.Contents contents = Journal.read(from);
        contents.truncated().ifPresent(note -> System.err.println("xtf-harness: " + note));
        String text = Baseline.draft(
                contents.results(),
                "journal " + from.getFileName() + " (run of "
                        + contents.header().started() + " on "
                        + contents.header().host() + ")");
        if (target.isEmpty()) {
            System.out.print(text);
            StandardOutput.check(System.out, "the baseline");
            return 0;
        }
        target.get().write(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        if (target.get().kind() != OutputTarget.Kind.DESCRIPTOR) {
            System.err.println("xtf-harness: wrote " + output + "; edit it, then run with --baseline " + output);
        }
        return 0;
    }

    /** A new file (never one a maintainer may have edited), or a descriptor the process holds. */
    private static OutputTarget target(Path output) {
        OutputTarget t = OutputTarget.resolve("baseline -o", output);
        if (t.kind() == OutputTarget.Kind.FILE || t.kind() == OutputTarget.Kind.WRITE_THROUGH) {
            throw new ConfigurationException("baseline " + output + " already exists: edit it, or choose a new file");
        }
        return t.check();
    }
}
