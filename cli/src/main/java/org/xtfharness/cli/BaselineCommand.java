package org.xtfharness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import org.xtfharness.baseline.Baseline;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.journal.Journal;
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
        Journal.Contents contents = Journal.read(from);
        contents.truncated().ifPresent(note -> System.err.println("xtf-harness: " + note));
        String text = Baseline.draft(
                contents.results(),
                "journal " + from.getFileName() + " (run of "
                        + contents.header().started() + " on "
                        + contents.header().host() + ")");
        if (output == null) {
            System.out.print(text);
            StandardOutput.check(System.out, "the baseline");
            return 0;
        }
        try {
            Files.writeString(
                    output, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("baseline " + output + " already exists: edit it, or choose a new file");
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("cannot create baseline " + output + ": its directory does not exist");
        } catch (IOException e) {
            throw new InfrastructureException("cannot write baseline " + output + ": " + e, e);
        }
        System.err.println("xtf-harness: wrote " + output + "; edit it, then run with --baseline " + output);
        return 0;
    }
}
