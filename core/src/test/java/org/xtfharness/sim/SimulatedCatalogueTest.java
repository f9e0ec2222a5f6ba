package org.xtfharness.sim;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xtfharness.sim.SimFixtures.STAMP;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xtfharness.catalog.Category;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.result.Verdict;
import org.xtfharness.result.Verdicts;

class SimulatedCatalogueTest {

    private static final SimulatedCatalogue CATALOGUE = SimulatedCatalogue.standard();

    static Stream<Arguments> everyInstanceWithAndWithoutTimestamps() {
        return CATALOGUE.tests().stream()
                .flatMap(t -> Stream.of(Arguments.of(t.name(), true), Arguments.of(t.name(), false)));
    }

    @ParameterizedTest(name = "{0}, timestamps {1}")
    @MethodSource("everyInstanceWithAndWithoutTimestamps")
    void eachInstanceEndsAsItsBehaviourSaysLogsItsExactOutputAndGivesItsExpectedVerdict(String name, boolean timestamps)
            throws Exception {
        SimulatedTest test = CATALOGUE.find(name).orElseThrow();
        TestInstance instance = test.instance();
        try (SimulatedHost host = SimulatedHosts.create(SimulationOptions.builder()
                .timestamps(timestamps)
                .time(SimFixtures.TIME)
                .timeScale(0.001)
                .build())) {
            boolean hangs = test.script().end() == GuestEnd.HANG;
            DomainController xl = host.domains();
            DomainId id = xl.createPaused(DomainSpec.preserving(name, instance.cfgPath()));
            xl.unpause(id);
            DomainEnd end = xl.awaitShutdown(id, name, hangs ? Duration.ofMillis(300) : Duration.ofSeconds(60));

            if (hangs) {
                assertThat(end.kind()).isEqualTo(DomainEnd.Kind.TIMED_OUT);
                assertThat(xl.find(name))
                        .get()
                        .satisfies(i -> assertThat(i.isShutdown()).isFalse());
            } else {
                assertThat(end.kind()).isEqualTo(DomainEnd.Kind.SHUTDOWN);
                assertThat(end.reason()).isEqualTo(test.script().end().reason());
                assertThat(xl.find(name))
                        .get()
                        .satisfies(i -> assertThat(i.shutdownReason()).isEqualTo(end.reason()));
            }

            byte[] log = Files.readAllBytes(host.logPath(name));
            byte[] console = SimFixtures.consoleBytes(test.script());
            boolean flood = test.script().steps().stream().anyMatch(s -> s instanceof GuestStep.Flood);
            if (flood) {
                String text = new String(log, ISO_8859_1);
                String bare = timestamps ? destamp(text) : text;
                assertThat(bare.length()).isEqualTo(console.length + (timestamps ? "Logfile Opened\n".length() : 0));
                assertThat(bare).endsWith("Test result: SUCCESS\r\n");
            } else {
                assertThat(log).isEqualTo(timestamps ? SimFixtures.stamped(console) : console);
            }

            Verdict verdict = Verdicts.combine(
                            SimFixtures.parse(SimFixtures.lastRunLines(log)), end, instance.timeout())
                    .verdict();
            assertThat(verdict).as(test.behaviour()).isEqualTo(test.expected());
        }
    }

    private static String destamp(String text) {
        return (text.startsWith(STAMP) ? text.substring(STAMP.length()) : text).replace("\n" + STAMP, "\n");
    }

    @Test
    void floodPrintsTenMebibytesOfWellFormedLines() throws Exception {
        SimulatedTest flood = CATALOGUE.find("test-pv64-sim-flood").orElseThrow();
        try (SimulatedHost host = SimulatedHosts.create(SimFixtures.options(false))) {
            SimFixtures.run(
                    host, DomainSpec.preserving(flood.name(), flood.instance().cfgPath()), Duration.ofSeconds(60));
            List<String> lines = SimFixtures.lastRunLines(Files.readAllBytes(host.logPath(flood.name())));

            List<String> filler = lines.subList(3, lines.size() - 1);
            assertThat(filler.stream().mapToLong(l -> l.length() + 2).sum()).isEqualTo(SimulatedCatalogue.FLOOD_BYTES);
            assertThat(filler).allMatch(l -> l.startsWith("Flood"), "a filler line");
        }
    }

    @Test
    void garbageInstanceSendsInvalidUtf8AndNulsAroundAnIntactResultLine() throws Exception {
        SimulatedTest garbage = CATALOGUE.find("test-pv64-sim-garbage").orElseThrow();
        try (SimulatedHost host = SimulatedHosts.create(SimFixtures.options(false))) {
            SimFixtures.run(
                    host,
                    DomainSpec.preserving(garbage.name(), garbage.instance().cfgPath()),
                    Duration.ofSeconds(60));
            byte[] log = Files.readAllBytes(host.logPath(garbage.name()));
            String text = new String(log, ISO_8859_1);

            assertThat(text)
                    .contains("\u0000\u0000\u00ff\u00fe")
                    .contains("\r\nTest result: SUCCESS\r\n\u0000\u0000\u00f0");
            assertThat(new String(log, StandardCharsets.UTF_8)).contains("\ufffd");
        }
    }

    @Test
    void instancesAreNamedAndLaidOutAsXtfs() {
        assertThat(CATALOGUE.catalogue().origin()).isEqualTo("simulated");
        assertThat(CATALOGUE.catalogue().instances()).allSatisfy(i -> {
            assertThat(i.name()).matches("test-(pv64|pv32pae|hvm64|hvm32pae|hvm32pse|hvm32)-sim-[a-z-]+(~[a-z]+)?");
            assertThat(i.cfgPath()).isEqualTo("sim:/tests/" + i.test().name() + "/" + i.name() + ".cfg");
        });
        assertThat(CATALOGUE.catalogue().instances())
                .extracting(TestInstance::name)
                .contains("test-hvm64-sim-triple-fault", "test-hvm64-sim-variation~hap", "test-hvm32pse-sim-success");
    }

    @Test
    void onlyTheHangHasAShortTimeoutAndTheDefaultCategoriesHoldOnlyQuickTests() {
        assertThat(CATALOGUE.catalogue().find("test-pv64-sim-hang"))
                .get()
                .extracting(TestInstance::timeout)
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(CATALOGUE.catalogue().instances())
                .filteredOn(i -> !i.test().name().equals("sim-hang"))
                .allSatisfy(i -> assertThat(i.timeout()).isEqualTo(TestInstance.DEFAULT_TIMEOUT));
        assertThat(CATALOGUE.catalogue().instances())
                .filteredOn(i -> !i.test().category().isDefault())
                .extracting(i -> i.test().name())
                .containsOnly("sim-hang", "sim-slow", "sim-flood");
        assertThat(CATALOGUE.catalogue().tests())
                .extracting(t -> t.category())
                .contains(Category.FUNCTIONAL, Category.XSA, Category.SPECIAL, Category.UTILITY);
    }

    @Test
    void expectedVerdictsCoverEveryVerdictAndUnknownNamesAreRefused() {
        assertThat(CATALOGUE.tests()).extracting(SimulatedTest::expected).contains(Verdict.values());
        assertThat(CATALOGUE.expected("test-pv64-sim-crash-after-success")).isEqualTo(Verdict.CRASH);
        assertThat(CATALOGUE.expected("test-pv64-sim-fooled")).isEqualTo(Verdict.FAILURE);
        assertThatThrownBy(() -> CATALOGUE.expected("test-pv64-nothing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-pv64-nothing");
    }
}
