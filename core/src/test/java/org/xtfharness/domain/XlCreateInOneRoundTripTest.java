package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.HarnessTimeoutException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.testing.FakeXl;

/**
 * {@link XlDomainController#createPausedIfAbsent}: stale check, create and listing in one host
 * command, each step keeping its own error reporting.
 */
class XlCreateInOneRoundTripTest {

    @TempDir
    Path tmp;

    private FakeXl fake;
    private final List<List<String>> commands = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fake = FakeXl.create(tmp);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private DomainController controller(Duration createTimeout) {
        CommandRunner local = CommandRunners.local();
        CommandRunner counting = new CommandRunner() {
            @Override
            public CommandResult run(Command command) {
                commands.add(command.argv());
                return local.run(command);
            }
        };
        return DomainControllers.xl(
                counting,
                XlOptions.builder()
                        .xlCommand(fake.xlCommand())
                        .commandTimeout(Duration.ofSeconds(20))
                        .createTimeout(createTimeout)
                        .retryBackoff(Duration.ofMillis(10))
                        .build());
    }

    @Test
    void createsThePausedDomainAndReadsItsIdInOneCommand() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-one", "print hello", "poweroff");

        DomainId id = xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-one", cfg.toString()))
                .orElseThrow();

        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).subList(0, 2)).containsExactly("sh", "-c");
        assertThat(fake.calls()).extracting(c -> c.get(0)).containsExactly("list", "create", "list");
        assertThat(xl.find("test-pv64-one"))
                .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(id))
                .hasValueSatisfying(d -> assertThat(d.isPaused()).isTrue());
    }

    @Test
    void createsNothingWhenADomainOfThatNameExists() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-stale", "hang");
        DomainId stale = xl.createPaused(DomainSpec.preserving("test-pv64-stale", cfg.toString()));

        assertThat(xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-stale", cfg.toString())))
                .isEmpty();
        assertThat(fake.calls("create")).hasSize(1);
        assertThat(xl.find("test-pv64-stale"))
                .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(stale));
    }

    @Test
    void aFailedCreateIsReportedAsXlCreatesFailureAndLeavesNoDomain() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-broken", "poweroff");
        fake.fail("create", "libxl: error: libxl_create.c:1234:domcreate_launch_dm: fake device model failure");

        assertThatThrownBy(() -> xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-broken", cfg.toString())))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("could not create domain test-pv64-broken")
                .hasMessageContaining("create -p -f")
                .hasMessageNotContaining("sh -c")
                .hasMessageContaining("fake device model failure")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .anySatisfy(m -> assertThat(m).contains("half-created")));
        assertThat(xl.find("test-pv64-broken")).isEmpty();
    }

    @Test
    void aHangingCreateTimesOutAsTheCreateAndLeavesNoDomain() {
        DomainController xl = controller(Duration.ofMillis(1500));
        Path cfg = fake.domain("test-pv64-stuck", "poweroff");
        fake.hang("create");

        assertThatThrownBy(() -> xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-stuck", cfg.toString())))
                .isInstanceOf(HarnessTimeoutException.class)
                .hasMessageContaining("creating domain test-pv64-stuck")
                .hasMessageContaining("timed out");
        assertThat(xl.find("test-pv64-stuck")).isEmpty();
    }

    @Test
    void aListingThatCrashesBeforeTheCreateFallsBackToRetriedQueries() {
        DomainController xl = controller(Duration.ofSeconds(20));
        Path cfg = fake.domain("test-pv64-flaky", "poweroff");
        fake.crashListEvery(1);

        assertThatThrownBy(() -> xl.createPausedIfAbsent(DomainSpec.preserving("test-pv64-flaky", cfg.toString())))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("could not list domains")
                .hasMessageContaining("signal 11");
        // The script stopped at its listing; the fallback asked xl list again, on its own, with retries.
        assertThat(commands.subList(1, commands.size()))
                .allSatisfy(c -> assertThat(c).doesNotContain("-c").endsWith("list"));
        assertThat(fake.calls("create")).isEmpty();
    }
}
