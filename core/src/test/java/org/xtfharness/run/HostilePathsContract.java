package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.Environment;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LogLayout;
import org.xtfharness.domain.DomainControllers;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.XlOptions;
import org.xtfharness.host.XenHost;
import org.xtfharness.result.ResultParsers;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.FakeXl;

/**
 * A whole run where every path the harness handles (the XTF directory, so each cfg path; the
 * guest log directory; the fake xl's own program and state paths) lies under a directory whose
 * name is shell syntax. Each path must reach its program as one literal argument: the run
 * succeeds, xl is given exactly the cfg path, and no command hidden in the name ever runs.
 * Subclasses run it on this machine and through a real sshd, where the remote shell parses.
 */
abstract class HostilePathsContract {

    /** What the commands hidden in the names would create, in whichever directory they ran. */
    private static final String PWNED = "xtfh-pwned";

    @TempDir
    Path tmp;

    private final List<FakeXl> fakes = new ArrayList<>();

    abstract XenHost host();

    @BeforeEach
    void noLeftoverFromAnEarlierRun() throws IOException {
        for (Path p : pwnedCandidates()) {
            Files.deleteIfExists(p);
        }
    }

    @AfterEach
    void noCommandHiddenInAPathRan() {
        fakes.forEach(FakeXl::close);
        for (Path p : pwnedCandidates()) {
            assertThat(p).as("a command hidden in a path ran").doesNotExist();
        }
    }

    private List<Path> pwnedCandidates() {
        return List.of(
                Path.of(System.getProperty("user.dir"), PWNED),
                Path.of(System.getProperty("user.home"), PWNED),
                tmp.resolve(PWNED),
                Path.of("/tmp", PWNED));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "$(touch " + PWNED + ")",
                "`touch " + PWNED + "`",
                "a;touch " + PWNED + ";b",
                "a | touch " + PWNED,
                "'; touch " + PWNED + "; '",
                "\"; touch " + PWNED + "; \"",
                "two  spaces",
                "a=b",
                "-n",
                "$HOME*?",
                "back\\slash",
                "caf\u00e9 \u2603"
            })
    void everyPathReachesItsProgramAsOneLiteralArgument(String hostile) throws IOException {
        FakeXl fake = FakeXl.create(tmp.resolve(hostile).resolve("host"));
        fakes.add(fake);
        fake.addXtfTest(
                "literal",
                Environment.PV64,
                "print --- Xen Test Framework ---",
                "print Environment: PV 64bit (Long mode 4 levels)",
                "print Test result: SUCCESS",
                "poweroff");

        // What the cfg says is XTF's business (its kernel= line names the kernel's own path, which a
        // quote in the directory would break for xl too): the kernel moves to a plain path, and only
        // the cfg's own path stays hostile, which is what the harness handles.
        Path cfgFile = fake.xtfRoot().resolve("tests/literal/test-pv64-literal.cfg");
        Path kernel = fake.xtfRoot().resolve("tests/literal/test-pv64-literal");
        Path plainKernel =
                Files.copy(kernel, Files.createDirectories(tmp.resolve("plain")).resolve("kernel"));
        Files.writeString(cfgFile, Files.readString(cfgFile).replace(kernel.toString(), plainKernel.toString()));

        Catalogue catalogue = Catalogues.xtfTree(host().files(), fake.xtfRoot().toString());
        String cfg = cfgFile.toString();
        assertThat(catalogue.instances())
                .singleElement()
                .satisfies(i -> assertThat(i.cfgPath()).isEqualTo(cfg));

        RunSummary summary = Runner.builder()
                .domains(DomainControllers.xl(
                        host().commands(),
                        XlOptions.builder()
                                .xlCommand(fake.xlCommand())
                                .commandTimeout(Duration.ofSeconds(30))
                                .createTimeout(Duration.ofSeconds(30))
                                .retryBackoff(Duration.ofMillis(10))
                                .build()))
                .console(ConsoleSources.xenconsoledLog(
                        host().files(), new LogLayout(fake.logDir().toString(), "guest-%s.log")))
                .parser(ResultParsers.xtf())
                .store(r -> {})
                .options(RunOptions.defaults())
                .build()
                .run(catalogue.instances());

        assertThat(summary.results())
                .singleElement()
                .satisfies(r -> assertThat(r.verdict()).as("%s", r.outcome()).isEqualTo(Verdict.SUCCESS));
        List<String> create = new ArrayList<>(List.of("create", "-p", "-f", cfg));
        create.addAll(DomainSpec.PRESERVE_EVERY_END);
        create.add("name=\"test-pv64-literal\"");
        assertThat(fake.calls("create")).containsExactly(create);
    }
}
