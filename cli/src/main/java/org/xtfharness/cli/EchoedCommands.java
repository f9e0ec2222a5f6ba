package org.xtfharness.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.RunningCommand;

/**
 * Prints xtf-runner's {@code Executing '...'} line for each step of a test that really runs: the
 * {@code xl create} and {@code xl unpause} xtf-harness issues and the live console it starts. Its
 * queries (xl list, info, destroy) are housekeeping xtf-runner has no line for.
 */
final class EchoedCommands implements CommandRunner {

    private static final Set<String> STEPS = Set.of("create", "unpause");

    private final CommandRunner inner;
    private final List<String> xl;
    private final PrintStream out;

    EchoedCommands(CommandRunner inner, List<String> xl, PrintStream out) {
        this.inner = inner;
        this.xl = List.copyOf(xl);
        this.out = out;
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = command.argv();
        if (argv.size() > 7 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
            // The domain controller's scripts (XlDomainController.CREATE_SCRIPT, RUN_SCRIPT): echo the xl
            // step each runs as it would be typed, from the script's arguments.
            int n = Integer.parseInt(argv.get(4));
            switch (argv.get(3)) {
                case "xtf-harness-create" -> // N R NAME XL-WORDS... create ARGS... STEP-WORDS...
                    echo(argv.subList(7, argv.size() - Integer.parseInt(argv.get(5))));
                case "xtf-harness-run" -> { // N W R ID NAME SECONDS WATCH-WORDS... XL-WORDS... STEP-WORDS...
                    int at = 10 + Integer.parseInt(argv.get(5));
                    List<String> unpause = new ArrayList<>(argv.subList(at, at + n));
                    unpause.addAll(List.of("unpause", argv.get(7)));
                    echo(unpause);
                }
                default -> {}
            }
        } else if (argv.size() > xl.size()
                && argv.subList(0, xl.size()).equals(xl)
                && STEPS.contains(argv.get(xl.size()))) {
            echo(argv);
        }
        return inner.run(command);
    }

    @Override
    public RunningCommand start(Command command) {
        List<String> argv = command.argv();
        // The live console is `sh -c SCRIPT XENCONSOLE TYPE DOMID`, the script exec'ing XENCONSOLE --type TYPE
        // DOMID (with a notify fd): name that, as the console source's own description does, not the script.
        if (argv.size() == 6 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
            echo(List.of(argv.get(3), "--type", argv.get(4), argv.get(5)));
        } else {
            echo(argv);
        }
        return inner.start(command);
    }

    @Override
    public String target() {
        return inner.target();
    }

    private void echo(List<String> argv) {
        out.println("Executing '" + String.join(" ", argv) + "'");
    }
}
