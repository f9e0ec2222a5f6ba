package org.xtfharness.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xtfharness.report.Reporters;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/** The JSON-lines report written to a file, opened at the start and closed at the end of the run. */
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
            throw new UncheckedIOException("cannot write " + file, e);
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
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
