package org.xtfharness.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.report.Reporters;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * The JSON-lines report written to a file, opened at the start and closed at the end of the run;
 * opened as any program opens a file, so a FIFO or {@code /dev/stdout} is written through.
 */
final class FileJsonLines implements RunListener {

    private final Path file;
    private OutputStream out;
    private RunListener delegate;

    FileJsonLines(Path file) {
        this.file = file;
    }

    @Override
    public void runStarted(RunPlan plan) {
        try {
            out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write --json-lines " + file + ": " + Messages.reason(e), e);
        }
        delegate = Reporters.jsonLines(out);
        delegate.runStarted(plan);
    }

    @Override
    public void instanceFinished(TestResult result) {
        delegate.instanceFinished(result);
    }

    @Override
    public void runFinished(RunSummary summary) {
        delegate.runFinished(summary);
        try {
            out.close();
        } catch (IOException e) {
            throw new InfrastructureException("cannot write --json-lines " + file + ": " + Messages.reason(e), e);
        }
    }
}
