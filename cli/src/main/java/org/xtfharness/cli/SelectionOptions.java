package org.xtfharness.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** xtf-runner's selection arguments, handed to {@link org.xtfharness.catalog.Selection} as written. */
final class SelectionOptions {

    @Option(
            names = {"-a", "--all"},
            description = "Select the default categories: functional and xsa.")
    boolean all;

    @Option(names = "--non-default", description = "Select the other categories: special, utility, in-development.")
    boolean nonDefault;

    @Option(
            names = "--skip-broken-tests",
            description = "Leave out tests whose directory under tests/ is broken "
                    + "(info.json missing, malformed or not a regular file; a cfg file missing), as xtf-runner does, naming each "
                    + "on standard error. Without it, a tree with a broken test is refused.")
    boolean skipBrokenTests;

    @Parameters(
            paramLabel = "SELECTION",
            description = "Categories (functional xsa special utility in-development), "
                    + "environments (pv64 pv32pae hvm64 hvm32pae hvm32pse hvm32, or pv, hvm), names "
                    + "[[test-]ENV-]NAME[~VARIATION]. Union within a kind, intersection across kinds. "
                    + "Nothing selected means --all.")
    List<String> words = new ArrayList<>();

    /** The arguments in xtf-runner's form; {@code --all} when nothing was given. */
    List<String> args() {
        List<String> out = new ArrayList<>();
        if (all) {
            out.add("--all");
        }
        if (nonDefault) {
            out.add("--non-default");
        }
        out.addAll(words);
        return out.isEmpty() ? List.of("--all") : out;
    }
}
