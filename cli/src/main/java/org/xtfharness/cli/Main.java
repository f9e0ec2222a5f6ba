package org.xtfharness.cli;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xtf-harness} command line: list, run, merge, show, doctor, baseline and completion. */
@Command(
        name = "xtf-harness",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs Xen Test Framework tests on a Xen host and gets a verdict you can trust.",
        subcommands = {
            ListCommand.class,
            RunCommand.class,
            MergeCommand.class,
            ShowCommand.class,
            DoctorCommand.class,
            BaselineCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  xtf-harness run --all                  functional and XSA tests on this host",
            "  xtf-harness run --simulate --all --non-default    the built-in simulated host",
            "  xtf-harness run --host-target ssh://root@xenhost pv64 --junit junit.xml",
            "  xtf-harness run --all --shard 1/2 --journal s1.jsonl    half of it, here",
            "  xtf-harness merge s1.jsonl s2.jsonl --junit junit.xml   both halves as one run",
            "  xtf-harness doctor --host-target ssh://root@xenhost",
            "  xtf-harness show test-pv64-example --journal run.jsonl    why did it fail?",
            "  xtf-harness baseline --from run.jsonl -o xtf.baseline   tolerate what failed",
            "  source <(xtf-harness completion)         tab completion in bash (and zsh)",
            "  xtf-harness run --host-target ssh://root@xenhost --version    and its Xen",
            "  xtf-harness -a --host -q                 xtf-runner's own command line"
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        HostOptions.hideBootOptions(cl.getSubcommands().get("doctor").getCommandSpec());
        // bin/xtf-runner's way in, and xtf-runner's command line given with no subcommand at all.
        if (args.length > 0 && args[0].equals("xtf-runner")) {
            return XtfRunnerCommand.execute("xtf-runner", Arrays.copyOfRange(args, 1, args.length));
        }
        if (XtfRunnerCommand.wanted(args, cl.getSubcommands().keySet())) {
            return XtfRunnerCommand.execute("xtf-harness", args);
        }
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler(Errors::onUsageError);
        Optional<String> unknown =
                XtfRunnerCommand.unknownCommand(args, cl.getSubcommands().keySet());
        if (unknown.isPresent()) {
            return Errors.onUsageError(new CommandLine.ParameterException(cl, unknown.get()), args);
        }
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is needed: list, run, merge, show, doctor, baseline or completion");
    }
}
