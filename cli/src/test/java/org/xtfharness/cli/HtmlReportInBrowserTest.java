package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.Fixtures;

/** The HTML report as a person sees it, in Debian's headless Chromium (bin/test-all installs it). */
class HtmlReportInBrowserTest {

    private static final String FAILED = "test-pv64-sim-panic";

    @TempDir
    Path dir;

    @Test
    void reportOfASimulatedRunShowsTheCountsAndAFailuresConsoleAfterAClickWithNoErrorAndNoFetch() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        Fixtures.require(
                chromium.isPresent(), "Chromium is not installed (Debian package chromium; bin/test-all installs it)");
        Path html = dir.resolve("report.html");
        Path journal = dir.resolve("journal.jsonl");
        int exit = quietly(
                "run",
                "--simulate",
                "--no-progress",
                "--timeout",
                "1",
                "--html",
                html.toString(),
                "--journal",
                journal.toString(),
                "sim-success",
                "sim-failure",
                "sim-error",
                "sim-panic",
                "sim-skip",
                "sim-crash-after-success",
                "sim-triple-fault",
                "sim-warning",
                "sim-hang",
                "sim-fooled");
        assertThat(exit).isEqualTo(Verdict.CRASH.exitCode());
        List<TestResult> results = Journal.read(journal).results();
        TestResult failed = results.stream()
                .filter(r -> r.instance().equals(FAILED))
                .findFirst()
                .orElseThrow();
        assertThat(failed.evidence().consoleExcerpt()).isNotEmpty();

        try (HeadlessChromium browser = HeadlessChromium.start(chromium.get(), dir.resolve("profile"))) {
            String url = html.toUri().toString();
            browser.open(url);

            for (Verdict v : Verdict.values()) {
                long expected = results.stream().filter(r -> r.verdict() == v).count();
                assertThat(browser.eval("document.querySelector('#counts tr[data-verdict=" + v.name()
                                        + "] td.count').innerText")
                                .asText())
                        .as(v.name() + " count")
                        .isEqualTo(Long.toString(expected));
            }
            assertThat(browser.eval("document.getElementById('total').innerText")
                            .asText())
                    .isEqualTo(Integer.toString(results.size()));
            assertThat(browser.eval("document.querySelectorAll('#instances tbody.inst').length")
                            .asInt())
                    .isEqualTo(results.size());

            String group = "#instances tbody[data-name='" + FAILED + "']";
            String excerpt = "document.querySelector(\"" + group + " pre.console\")";
            assertThat(browser.eval(excerpt + ".checkVisibility()").asBoolean())
                    .as("excerpt folded at first")
                    .isFalse();
            browser.click(group + " details.evidence > summary");
            assertThat(browser.eval(excerpt + ".checkVisibility()").asBoolean())
                    .as("excerpt shown after a click")
                    .isTrue();
            String shown = browser.eval(excerpt + ".innerText").asText();
            List<String> lines = failed.evidence().consoleExcerpt();
            assertThat(shown).contains(lines.get(lines.size() - 1).strip());

            browser.click("#instances th[data-key=verdict]");
            browser.click("#instances th[data-key=verdict]");
            JsonNode order = browser.eval("Array.from(document.querySelectorAll('#instances tbody.inst'))"
                    + ".map(function(b){return Number(b.getAttribute('data-verdict'));})");
            List<Integer> verdicts = new ArrayList<>();
            order.forEach(n -> verdicts.add(n.asInt()));
            assertThat(verdicts).as("sorted by verdict, worst first").isSortedAccordingTo((a, b) -> b - a);
            assertThat(browser.eval(excerpt + ".checkVisibility()").asBoolean())
                    .as("the excerpt moved with its instance and stays open")
                    .isTrue();

            assertThat(browser.eval("document.querySelector('#instances th[data-key=verdict]')"
                                    + ".getAttribute('aria-sort')")
                            .asText())
                    .isEqualTo("descending");
            browser.pressEnter("#instances th[data-key=duration]");
            JsonNode durations = browser.eval("Array.from(document.querySelectorAll('#instances tbody.inst'))"
                    + ".map(function(b){return Number(b.getAttribute('data-duration'));})");
            List<Long> millis = new ArrayList<>();
            durations.forEach(n -> millis.add(n.asLong()));
            assertThat(millis)
                    .as("sorted by duration from the keyboard")
                    .isSorted()
                    .hasSize(results.size());

            assertThat(browser.consoleErrors()).as("console errors").isEmpty();
            assertThat(browser.requests())
                    .as("network requests other than the report itself")
                    .allMatch(u -> u.equals(url));

            browser.click("#instances th[data-key=order]");
            byte[] png = browser.screenshot(1100);
            assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            Path shot = Path.of("target", "html-report.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, png);
        }
    }

    private static int quietly(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
