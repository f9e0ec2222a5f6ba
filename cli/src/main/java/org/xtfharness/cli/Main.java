package org.xtfharness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xtf-harness} command line: list, run, doctor and baseline. */
@Command(name = "xtf-harness", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs Xen Test Framework tests on a Xen host and gets a verdict you can trust.",
        subcommands = {ListCommand.class, RunCommand.class, DoctorCommand.class, BaselineCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  xtf-harness run --all                       all functional and XSA tests on this host",
                "  xtf-harness run --simulate --all --non-default   the built-in simulated host",
                "  xtf-harness run --host-target ssh://root@xenhost pv64 --junit junit.xml",
                "  xtf-harness doctor --host-target ssh://root@xenhost",
                "  xtf-harness baseline --from run.jsonl -o xtf.baseline   tolerate what failed in that run"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler(Errors::onUsageError);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: list, run, doctor or baseline");
    }
}
