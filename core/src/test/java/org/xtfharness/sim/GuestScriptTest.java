package org.xtfharness.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.catalog.Environment;

class GuestScriptTest {

    @Test
    void readsEveryDirectiveOfTheVocabulary() {
        GuestScript s = GuestScript.parse("""
                # a comment, then a blank line

                print Test result: SUCCESS  with trailing spaces\s\s
                raw 00 ff0d0a
                sleep 250
                flood 4096
                crash-first-run
                console reopen
                console copytruncate
                console rename
                watchdog
                """, "t.guest");

        assertThat(s.steps())
                .containsExactly(
                        new GuestStep.Print("Test result: SUCCESS  with trailing spaces  "),
                        new GuestStep.Raw(new byte[] {0, (byte) 0xff, '\r', '\n'}),
                        new GuestStep.Sleep(Duration.ofMillis(250)),
                        new GuestStep.Flood(4096),
                        new GuestStep.CrashFirstRun(),
                        new GuestStep.Console(GuestStep.LogAction.REOPEN),
                        new GuestStep.Console(GuestStep.LogAction.COPYTRUNCATE),
                        new GuestStep.Console(GuestStep.LogAction.RENAME),
                        new GuestStep.End(GuestEnd.WATCHDOG));
    }

    @Test
    void aScriptWithoutAnEndPowersOffAsTheFakeXlsGuestDoes() {
        assertThat(GuestScript.parse("print hi\r\n", "t").end()).isEqualTo(GuestEnd.POWEROFF);
        assertThat(GuestScript.parse("", "t").steps()).containsExactly(new GuestStep.End(GuestEnd.POWEROFF));
    }

    @Test
    void formatReadsBackToTheSameScript() {
        GuestScript s = GuestScript.xtf(Environment.HVM64, "Title")
                .raw(new byte[] {0, 1, 2})
                .sleep(Duration.ofSeconds(2))
                .flood(100)
                .crashFirstRun()
                .console(GuestStep.LogAction.RENAME)
                .panic("boom\nline two")
                .crash();

        assertThat(GuestScript.parse(s.format(), "formatted")).isEqualTo(s);
    }

    @Test
    void aPrintedLineHoldingALineBreakIsFormattedAsTheBytesItSends() {
        GuestScript s = GuestScript.builder().print("two\nlines").hang();

        GuestScript back = GuestScript.parse(s.format(), "formatted");

        assertThat(back.steps())
                .containsExactly(new GuestStep.Raw("two\nlines\r\n".getBytes()), new GuestStep.End(GuestEnd.HANG));
    }

    @Test
    void badDirectivesAreRefusedNamingTheOriginAndLine() {
        for (var bad : List.of(
                List.of("print ok\nbeep", "x.guest:2: unknown directive 'beep'"),
                List.of("raw zz", "x.guest:1: raw needs hex bytes, not 'zz'"),
                List.of("sleep soon", "x.guest:1: sleep needs a number, not 'soon'"),
                List.of("flood -1", "x.guest:1: flood needs a number, not '-1'"),
                List.of("console shred", "x.guest:1: console needs reopen, copytruncate or rename, not 'shred'"),
                List.of("crash-first-run now", "x.guest:1: crash-first-run takes no argument, not 'now'"),
                List.of("poweroff\nprint late", "x.guest:2: 'print late' after the guest's final directive"),
                List.of("hang forever", "x.guest:1: unknown directive 'hang forever'"))) {
            assertThatThrownBy(() -> GuestScript.parse(bad.get(0), "x.guest"))
                    .as(bad.get(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(bad.get(1));
        }
    }
}
