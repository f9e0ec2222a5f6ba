package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.domain.DomainId;
import org.xtfharness.error.InfrastructureException;

class CrossCheckedConsoleSourceTest {

    /** A source that returns fixed lines and records the calls it got. */
    private static final class Fixed implements ConsoleSource {
        final String name;
        final List<String> lines;
        final RuntimeException attachFailure;
        final List<String> calls = new ArrayList<>();

        Fixed(String name, RuntimeException attachFailure, String... lines) {
            this.name = name;
            this.attachFailure = attachFailure;
            this.lines = List.of(lines);
        }

        @Override
        public ConsoleSession open(String domainName) {
            calls.add("open " + domainName);
            return new ConsoleSession() {
                @Override
                public void attach(DomainId id, Duration deadline) {
                    calls.add("attach " + id);
                    if (attachFailure != null) {
                        throw attachFailure;
                    }
                }

                @Override
                public ConsoleCapture collect() {
                    calls.add("collect");
                    return new ConsoleCapture(
                            lines, 10, 0, name, ConsoleCapture.Location.LIVE, List.of(name + " note"));
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
        }

        @Override
        public String describe() {
            return name;
        }
    }

    private static ConsoleCapture capture(ConsoleSource s) {
        try (ConsoleSession session = s.open("d")) {
            session.attach(new DomainId(3), Duration.ofSeconds(1));
            return session.collect();
        }
    }

    @Test
    void keepsThePrimaryCaptureAndAddsNoNoteWhenBothAgree() {
        Fixed live = new Fixed("live", null, "a", "Test result: SUCCESS");
        Fixed log = new Fixed("log", null, "a", "Test result: SUCCESS");
        ConsoleCapture c = capture(ConsoleSources.crossChecked(live, log));
        assertThat(c.lines()).containsExactly("a", "Test result: SUCCESS");
        assertThat(c.origin()).isEqualTo("live");
        assertThat(c.notes()).containsExactly("live note");
        assertThat(live.calls).containsExactly("open d", "attach 3", "collect", "close");
        assertThat(log.calls).containsExactly("open d", "attach 3", "collect", "close");
    }

    @Test
    void recordsWhereTheCapturesFirstDisagreeWithoutChangingTheLines() {
        Fixed live = new Fixed("live", null, "a", "Test result: SUCCESS");
        Fixed log = new Fixed("log", null, "a", "Test result: FAILURE", "extra");
        ConsoleCapture c = capture(ConsoleSources.crossChecked(live, log));
        assertThat(c.lines()).containsExactly("a", "Test result: SUCCESS");
        assertThat(c.notes())
                .contains("console captures disagree: live has 2 lines, log has 3; first difference at line 2: "
                        + "'Test result: SUCCESS' vs 'Test result: FAILURE'");
    }

    @Test
    void aFailingCheckIsOnlyANoteButAFailingPrimaryFails() {
        Fixed live = new Fixed("live", null, "a");
        Fixed broken = new Fixed("log", new InfrastructureException("no log"), "a");
        ConsoleCapture c = capture(ConsoleSources.crossChecked(live, broken));
        assertThat(c.lines()).containsExactly("a");
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("cross-check with log not possible: no log"));
        assertThat(broken.calls).containsExactly("open d", "attach 3", "close");

        Fixed failingLive = new Fixed("live", new InfrastructureException("client died"), "a");
        assertThatThrownBy(() -> capture(ConsoleSources.crossChecked(failingLive, new Fixed("log", null, "a"))))
                .isInstanceOf(InfrastructureException.class)
                .hasMessage("client died");
    }

    @Test
    void comparesFromTheXtfBannerSinceTheLogStartsThisRunThereAndTheLiveStreamBeforeIt() {
        // Found on the real lab: a guest's own boot messages before its banner are in the live stream;
        // the log source skips them (with a note of its own). That is no disagreement about the run.
        Fixed live = new Fixed("live", null, "(early) booting", "--- Xen Test Framework ---", "Test result: SUCCESS");
        Fixed log = new Fixed("log", null, "--- Xen Test Framework ---", "Test result: SUCCESS");
        assertThat(capture(ConsoleSources.crossChecked(live, log)).notes()).containsExactly("live note");

        Fixed differs = new Fixed("log", null, "--- Xen Test Framework ---", "Test result: FAILURE");
        assertThat(capture(ConsoleSources.crossChecked(
                                new Fixed(
                                        "live",
                                        null,
                                        "(early) booting",
                                        "--- Xen Test Framework ---",
                                        "Test result: SUCCESS"),
                                differs))
                        .notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("console captures disagree")
                        .contains("first difference at line 2: 'Test result: SUCCESS' vs 'Test result: FAILURE'"));
    }
}
