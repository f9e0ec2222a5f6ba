package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.catalog.Environment;
import org.xtfharness.testing.FakeXl;

/** Issue 23's medium and low findings on the command line: each refused or answered in words. */
class MiscHostileInputsTest {

    @TempDir
    Path dir;

    @Test
    void aBogusConsoleTypeIsRefusedEvenWhenTheLogIsTheConsole() {
        Captured c = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--console-type",
                "bogus",
                "--journal",
                dir.resolve("j.jsonl").toString(),
                "test-pv64-sim-success"));

        assertThat(c.exit()).isNotZero();
        assertThat(c.err()).contains("--console-type").contains("'bogus'");
        assertThat(dir.resolve("j.jsonl")).as("nothing ran").doesNotExist();
    }

    @Test
    void doctorsHelpListsNoBootModeOptionAndDoctorStillRefusesBootWithItsReason() throws IOException {
        Captured help = capture(() -> Main.execute("doctor", "--help"));

        assertThat(help.out())
                .contains("--host-target")
                .doesNotContain("--boot")
                .doesNotContain("--qemu")
                .doesNotContain("--ovmf");
        Path xen = Files.writeString(dir.resolve("xen"), "not a xen");
        Captured refused = capture(() -> Main.execute("doctor", "--boot", xen.toString()));
        assertThat(refused.exit()).as("still parsed and refused, not listed").isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--log-dir", "--log-pattern", "--xtf-dir", "--ssh-password-file"})
    void simulateRefusesAHostOptionItWouldIgnore(String option) throws IOException {
        Path file = Files.writeString(dir.resolve("value"), "guest-%s.log\n");
        String value = option.equals("--log-pattern") ? "guest-%s.log" : file.toString();
        Path journal = dir.resolve("j.jsonl");

        Captured c = capture(() -> Main.execute(
                "run", "--simulate", option, value, "--journal", journal.toString(), "test-pv64-sim-success"));

        assertThat(c.exit()).isNotZero();
        assertThat(c.err()).contains("--simulate").contains(option).contains("ignored");
        assertThat(journal).as("nothing ran").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "status", "lits-tests"})
    void aMistypedSubcommandIsAnUnknownCommandNotASelectionNeedingXl(String word) {
        Captured c = capture(() -> Main.execute(word, "--simulate"));

        assertThat(c.exit()).isNotZero();
        assertThat(c.err())
                .contains("unknown command '" + word + "'")
                .contains("did you mean 'xtf-harness ")
                .doesNotContain("no xl");
        assertThat(c.out()).isEmpty();
    }

    @Test
    void doctorJsonAgainstAnUnreachableHostPrintsAJsonDocumentWithTheFailure() throws Exception {
        Captured c = capture(() -> Main.execute(
                "doctor",
                "--json",
                "--host-target",
                "ssh://root@127.0.0.1:1",
                "--ssh-option",
                "ConnectTimeout=5",
                "--ssh-option",
                "BatchMode=yes"));

        assertThat(c.exit()).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(c.out());
        assertThat(doc.get("consoleCaptureWillWork").asBoolean()).isFalse();
        assertThat(doc.get("findings").get(0).get("code").asText()).isEqualTo("HOST_NOT_INSPECTED");
        assertThat(doc.get("findings").get(0).get("message").asText()).isNotBlank();
    }

    @Test
    void doctorOnALocalHostWithoutXlSaysSoInWords() {
        Captured c = capture(() -> Main.execute("doctor", "--host-target", "local", "--xl", "xtf-no-such-xl"));

        assertThat(c.exit()).isNotZero();
        assertThat(c.err() + c.out()).contains("xtf-no-such-xl").doesNotContain("error=2");
    }

    @Test
    void theDropInWritesNoJournalUnlessAsked() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> before = journals(cwd);

        Captured c = capture(() -> Main.execute("xtf-runner", "--simulate", "-qq", "pv64-sim-success"));

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(journals(cwd)).as("journals in the current directory").isEqualTo(before);
        assertThat(c.err()).doesNotContain("journal");
    }

    @Test
    void theDropInListsALocalTreeWithoutXlAsXtfRunnerDoesAndNeedsXlOnlyForHost() {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            xl.addXtfTest("alpha", Environment.PV64, "print Test result: SUCCESS", "poweroff");
            String tree = xl.xtfRoot().toString();

            Captured list = capture(
                    () -> Main.execute("xtf-runner", "--list", "pv64", "--xl", "xtf-no-such-xl", "--xtf-dir", tree));
            assertThat(list.err()).doesNotContain("xl");
            assertThat(list.out()).isEqualTo("test-pv64-alpha\n");
            assertThat(list.exit()).isZero();

            Captured host = capture(() -> Main.execute(
                    "xtf-runner", "--list", "--host", "pv64", "--xl", "xtf-no-such-xl", "--xtf-dir", tree));
            assertThat(host.err()).contains("no xtf-no-such-xl on this machine's PATH");
            assertThat(host.exit()).isEqualTo(1);
        }
    }

    private static List<Path> journals(Path cwd) throws IOException {
        try (Stream<Path> s = Files.list(cwd)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("xtf-harness-journal-"))
                    .sorted()
                    .toList());
        }
    }
}
