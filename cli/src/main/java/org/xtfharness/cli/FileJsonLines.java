package org.xtfharness.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.report.OutputTarget;
import org.xtfharness.report.Reporters;
import org.xtfharness.run.FinalReport;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * The JSON-lines report written to {@code --json-lines}, line by line as the run goes. The path is
 * an {@link OutputTarget}: a file is written beside its name and renamed into place at the end
 * (whole or not at all, never truncated first), {@code /dev/stdout} goes to the descriptor the
 * process holds, a FIFO is written through.
 */
final class FileJsonLines implements FinalReport {

    private final Path file;
    private OutputTarget.Staged sink;
    private RunListener delegate;
    private RuntimeException broken;

    FileJsonLines(Path file) {
        this.file = file;
    }

    @Override
    public void runStarted(RunPlan plan) {
        try {
            sink = OutputTarget.resolve("--json-lines", file).open();
        } catch (RuntimeException e) {
            // said once, at the end: no line of this run can reach the file
            broken = e instanceof InfrastructureException ? e : new InfrastructureException(e.getMessage(), e);
            throw broken;
        }
        delegate = Reporters.jsonLines(sink.stream());
        delegate.runStarted(plan);
    }

    @Override
    public void instanceFinished(TestResult result) {
        if (delegate != null) {
            delegate.instanceFinished(result);
        }
    }

    @Override
    public Pending stage(RunSummary summary) {
        if (broken != null) {
            throw broken;
        }
        if (delegate == null) {
            throw new IllegalStateException("--json-lines " + file + ": the run never started");
        }
        // the summary line waits in memory: staged again for another exit code, it is not written twice
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        Reporters.jsonLines(line).runFinished(summary);
        return new Pending() {
            @Override
            public void commit() {
                try {
                    line.writeTo(sink.stream());
                } catch (IOException e) {
                    sink.discard();
                    throw new InfrastructureException(
                            "cannot write --json-lines " + file + ": " + Messages.reason(e), e);
                }
                sink.commit();
            }

            @Override
            public void discard() {
                // the lines so far stay staged for the summary line a new stage writes
            }
        };
    }
}
