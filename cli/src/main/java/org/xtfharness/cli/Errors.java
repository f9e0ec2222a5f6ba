package org.xtfharness.cli;

import java.io.PrintWriter;
import org.xtfharness.error.HarnessException;
import org.xtfharness.error.Messages;
import org.xtfharness.run.RunSummary;
import picocli.CommandLine;

/** Turns failures into one clear message and exit code 1: a runner error, never a test verdict. */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof HarnessException he) {
            err.println("xtf-harness: " + kindWord(he) + ": " + he.getMessage());
        } else if (ex instanceof IllegalArgumentException) {
            err.println("xtf-harness: configuration error: " + ex.getMessage());
        } else {
            // A bug of ours: its message, and where to send it; a stack trace only when asked for.
            err.println("xtf-harness: internal error (please report it): " + Messages.reason(ex));
            if (System.getenv("XTF_HARNESS_DEBUG") != null) {
                ex.printStackTrace(err);
            }
        }
        err.flush();
        return RunSummary.RUNNER_ERROR_EXIT;
    }

    static String kindWord(HarnessException e) {
        return switch (e.kind()) {
            case CONFIGURATION -> "configuration error";
            case TIMEOUT -> "timed out";
            case INFRASTRUCTURE -> "infrastructure error";
        };
    }

    static int onUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("xtf-harness: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return RunSummary.RUNNER_ERROR_EXIT;
    }
}
