package org.xtfharness.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xtfharness.catalog.HostFilter;
import org.xtfharness.catalog.Selection;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.domain.DomainController;
import org.xtfharness.report.Reporters;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.RunOptions;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.Runner;
import org.xtfharness.run.TestResult;
import org.xtfharness.run.Unrunnable;
import org.xtfharness.session.RunSession;
import org.xtfharness.sim.SimulationOptions;
import org.xtfharness.testbed.Testbed;
import org.xtfharness.testbed.Testbeds;

/**
 * How to build your own harness on the xtf-harness library, shown on the built-in simulated host
 * so it runs anywhere. Run it with the selection as arguments (default {@code --all}):
 *
 * <pre>{@code java -cp ... org.xtfharness.examples.LibraryExample pv64 xsa}</pre>
 *
 * <p>A custom harness needs four things: something that controls domains (a
 * {@code DomainController}), somewhere to read guest consoles from (a {@code ConsoleSource}), a
 * parser for XTF's result line, and a list of instances. A {@code Testbed} hands out the first two
 * and the catalogue, whatever the kind, each made in one line:
 *
 * <pre>{@code
 * Testbed bed = Testbeds.simulated(SimulationOptions.defaults());          // anywhere, no Xen
 * Testbed bed = Testbeds.xl(Hosts.ssh(HostTarget.parse("root@dom0"), ssh), "/opt/xtf"); // a Xen host
 * Testbed bed = Testbeds.boot(bootOptions, "/opt/xtf");                     // Xen under QEMU
 * }</pre>
 *
 * <p>The simulated host is reached as a real one is, through its commands and files. Given the
 * testbed's dom0 ({@code .host(...)}; boot mode has none), the session asks the doctor whether
 * console capture will work, takes the host's run lock and closes the host at the end, as the CLI
 * does. The rest stays as it is whatever the kind.
 */
public final class LibraryExample {

    private LibraryExample() {}

    public static void main(String[] args) throws IOException {
        System.exit(run(args.length == 0 ? List.of("--all") : List.of(args), System.out));
    }

    /** Runs the selection on a fresh simulated host, reporting to {@code out}; returns the CLI's exit code. */
    public static int run(List<String> selection, PrintStream out) throws IOException {
        // 1. The testbed, in one call: domains, console and catalogue. The simulated host answers xl,
        //    xenstore-read and xenconsole as a dom0 does, and its xenconsoled writes guest logs.
        Path work = Files.createTempDirectory("xtf-harness-example");
        try (Testbed bed = Testbeds.simulated(SimulationOptions.defaults())) {
            DomainController domains = bed.domains();

            // 2. What to run: xtf-runner's selection syntax over the testbed's catalogue.
            List<TestInstance> selected = Selection.parse(selection).apply(bed.catalogue());

            // 3. What the host cannot run is not attempted: it is reported as SKIP with the reason
            //    (the simulated host, like many, cannot run pv32pae guests).
            HostFilter.Split split = HostFilter.of(domains.capabilities()).split(selected);
            List<Unrunnable> unrunnable = new ArrayList<>();
            split.unsupported().forEach(u -> unrunnable.add(new Unrunnable(u.instance(), u.reason())));

            // 4. The runner: the testbed's domains and console, XTF's result parser, listeners for reports.
            Tally tally = new Tally(out);
            Runner.Builder runner = Runner.builder()
                    .domains(domains)
                    .console(bed.console())
                    .parser(ResultParsers.xtf())
                    .options(
                            RunOptions.builder().jobs(2).host(bed.description()).build())
                    .listener(tally)
                    .listener(Reporters.textSummary(out));

            // 5. The session around the run: a journal each result is forced to before anyone hears of
            //    it, report files checked before the first test and written at the end, and SIGINT or
            //    SIGTERM destroying the run's domains and writing the reports before the process exits.
            RunSession.Builder sessionBuilder = RunSession.builder(runner)
                    .journal(work.resolve("journal.jsonl"))
                    .report("JUnit report", work.resolve("junit.xml"), (file, journal) -> Reporters.junitXml(file));
            bed.xenHost().ifPresent(sessionBuilder::host);
            try (RunSession session = sessionBuilder.open()) {

                // 6. Run. Test outcomes are values in the summary; only a failure of the runner itself throws.
                RunSummary summary = session.run(split.runnable(), unrunnable);
                out.println("example: " + tally.bad.size() + " of "
                        + summary.results().size() + " instances need a look: " + String.join(" ", tally.bad.keySet()));
                out.println("example: journal and JUnit report in " + work);
                return summary.exitCode();
            }
        }
    }

    /**
     * A custom listener: here it logs each result as it arrives and keeps the ones that did not
     * pass. Listeners hear of a result only once it is stored, and may be called from the
     * runner's worker threads (hence the concurrent map and one println per event).
     */
    private static final class Tally implements RunListener {
        private final PrintStream out;
        final Map<String, Verdict> bad = new ConcurrentHashMap<>();

        Tally(PrintStream out) {
            this.out = out;
        }

        @Override
        public void instanceFinished(TestResult result) {
            out.println("example: " + result.instance() + " " + result.verdict() + ": "
                    + result.outcome().reason());
            if (result.verdict() != Verdict.SUCCESS && result.verdict() != Verdict.SKIP) {
                bad.put(result.instance(), result.verdict());
            }
        }
    }
}
