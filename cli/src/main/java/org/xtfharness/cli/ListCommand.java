package org.xtfharness.cli;

import java.util.List;
import java.util.Optional;
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
        footer = {
            "",
            "Examples:",
            "  xtf-harness list --simulate",
            "  xtf-harness list --xtf-dir /opt/xtf pv64 xsa",
            "  xtf-harness list --simulate --all --non-default --shard 2/3"
        })
final class ListCommand implements Callable<Integer> {

    @Mixin
    HostOptions host = new HostOptions();

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Mixin
    ShardOptions shards = new ShardOptions();

    @Override
    public Integer call() {
        Optional<ShardOptions.Resolved> shard = shards.resolve(System.getenv(), System.err);
        try (Session s = Session.open(host, System.err)) {
            List<TestInstance> selected = RunCommand.select(selection, s, System.err);
            if (shard.isPresent()) {
                selected = ShardOptions.cut(selected, shard.get(), System.err).instances();
            }
            for (TestInstance i : selected) {
                System.out.println(i.name());
            }
        }
        StandardOutput.check(System.out, "the list");
        return 0;
    }
}
