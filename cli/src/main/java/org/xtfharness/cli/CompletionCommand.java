package org.xtfharness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xtf-harness completion}: the shell completion script picocli generates from the commands themselves. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Print a completion script for bash or zsh: commands, options and their values.",
            "picocli writes it for bash; zsh runs it through its bash compatibility (bashcompinit), "
                    + "which the script loads itself, so both shells take the same script."
        },
        footer = {
            "",
            "Examples:",
            "  source <(xtf-harness completion)          in this bash session",
            "  xtf-harness completion > /etc/bash_completion.d/xtf-harness",
            "  source <(xtf-harness completion zsh)      in ~/.zshrc"
        })
final class CompletionCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "bash|zsh",
            defaultValue = "bash",
            completionCandidates = Shells.class,
            description = "The shell (default: ${DEFAULT-VALUE}).")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "completion is for bash or zsh, not '" + shell + "'");
        }
        System.out.print(AutoComplete.bash("xtf-harness", spec.root().commandLine()));
        StandardOutput.check(System.out, "the completion script");
        return 0;
    }

    static final class Shells extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Shells() {
            super(List.of("bash", "zsh"));
        }
    }
}
