package org.xtfharness.cli;

import java.util.concurrent.Callable;
import org.xtfharness.catalog.TestInstance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xtf-harness list}: prints the selection, one instance per line, as xtf-runner's --list does. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Print the selected test instances, one per line.",
        footer = {"", "Examples:", "  xtf-harness list --simulate", "  xtf-harness list --xtf-dir /opt/xtf pv64 xsa"})
final class ListCommand implements Callable<Integer> {

    @Mixin
    HostOptions host = new HostOptions();

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Override
    public Integer call() {
        try (Session s = Session.open(host, System.err)) {
            for (TestInstance i : RunCommand.select(selection, s, System.err)) {
                System.out.println(i.name());
            }
        }
        StandardOutput.check(System.out, "the list");
        return 0;
    }
}
