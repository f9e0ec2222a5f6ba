package org.xtfharness.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
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
        Optional<AgentRequest> request = agentRequest(argv);
        if (request.isPresent()) {
            // The host agent's create and run: echo the xl step each runs as it would be typed.
            if (request.get() instanceof AgentRequest.Create create) {
                List<String> typed = new ArrayList<>(create.xl());
                typed.addAll(create.args());
                echo(typed);
            } else if (request.get() instanceof AgentRequest.Run run) {
                List<String> unpause = new ArrayList<>(run.xl());
                unpause.addAll(List.of("unpause", Integer.toString(run.domid())));
                echo(unpause);
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
        Optional<AgentRequest> request = agentRequest(argv);
        // The live console is the agent's console-notify (or console-pid), which execs XENCONSOLE
        // --type TYPE DOMID: name that, as the console source's own description does, not the agent.
        if (request.isPresent() && request.get() instanceof AgentRequest.ConsoleNotify c) {
            echo(List.of(c.xenconsole(), "--type", c.type(), Integer.toString(c.domid())));
        } else if (request.isPresent() && request.get() instanceof AgentRequest.ConsolePid c) {
            echo(List.of(c.xenconsole(), "--type", c.type(), Integer.toString(c.domid())));
        } else {
            echo(argv);
        }
        return inner.start(command);
    }

    @Override
    public String target() {
        return inner.target();
    }

    /** The agent request these words carry; a malformed one is echoed as it is, not decoded another way. */
    private static Optional<AgentRequest> agentRequest(List<String> argv) {
        try {
            return AgentScript.parse(argv);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private void echo(List<String> argv) {
        out.println("Executing '" + String.join(" ", argv) + "'");
    }
}
