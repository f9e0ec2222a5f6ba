package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;

/**
 * The {@code xl create} command line for cfg paths xl would misread as a plain word: one starting
 * with '-' is taken for options and one holding '=' for a config line (tools/xl/xl_vmcontrol.c,
 * main_create). As {@code -f}'s argument every path is a path.
 */
class XlCreateCommandLineTest {

    private static final String NAME = "test-pv64-example";

    /** Records argv; create succeeds and the domain is then listed. */
    private static final class Recorder implements CommandRunner {
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public CommandResult run(Command command) {
            calls.add(command.argv());
            String out = command.argv().contains("list")
                    ? "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                            + "Domain-0                                     0  1024     2     r-----      10.0\n"
                            + String.format("%-40s %5d %5d %5d     %s  %8.1f%n", NAME, 7, 128, 1, "--p---", 0.0)
                    : "";
            return new CommandResult(command, 0, out.getBytes(StandardCharsets.UTF_8), "", false, Duration.ZERO);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "-n/test.cfg",
                "-qF",
                "--help",
                "a=b/test.cfg",
                "/xtf/on_crash=\"destroy\"/t.cfg",
                "-f",
                "-",
                "/xtf/tests/example/test-pv64-example.cfg"
            })
    void theCfgPathIsAlwaysTheArgumentOfMinusF(String cfg) {
        Recorder r = new Recorder();
        XlDomainController xl = new XlDomainController(
                r, XlOptions.builder().xlCommand(List.of("xl")).build());

        assertThat(xl.createPaused(DomainSpec.preserving(NAME, cfg))).hasToString("7");

        List<String> expected = new ArrayList<>(List.of("xl", "create", "-p", "-f", cfg));
        expected.addAll(DomainSpec.PRESERVE_EVERY_END);
        expected.add("name=\"" + NAME + "\"");
        assertThat(r.calls.get(0)).containsExactlyElementsOf(expected);
    }
}
