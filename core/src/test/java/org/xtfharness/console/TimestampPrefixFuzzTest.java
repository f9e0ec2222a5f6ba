package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link TimestampPrefix}: it removes exactly one well-formed xenconsoled prefix and
 * never anything else, whatever the guest printed. Invariants in RELIABILITY.md (Fuzzing).
 */
class TimestampPrefixFuzzTest {

    @Provide
    Arbitrary<String> stamps() {
        Arbitrary<String> d2 = Arbitraries.integers().between(0, 99).map(i -> String.format("%02d", i));
        Arbitrary<String> d4 = Arbitraries.integers().between(0, 9999).map(i -> String.format("%04d", i));
        return Combinators.combine(d4, d2, d2, d2, d2, d2)
                .as((y, mo, d, h, mi, s) -> "[" + y + "-" + mo + "-" + d + " " + h + ":" + mi + ":" + s + "] ");
    }

    /** Guest lines, including ones that start with something that looks like a stamp. */
    @Provide
    Arbitrary<String> guestLines() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings()
                        .withChars("[]0123456789-: Logfile Opened\t")
                        .ofMaxLength(40),
                stamps().map(s -> s + "Logfile Opened"),
                nearMisses());
    }

    /** A valid stamp with one character changed, dropped or added. */
    @Provide
    Arbitrary<String> nearMisses() {
        return Combinators.combine(
                        stamps(),
                        Arbitraries.integers().between(0, TimestampPrefix.LENGTH - 1),
                        Arbitraries.chars().ascii(),
                        Arbitraries.integers().between(0, 2))
                .as((stamp, at, c, how) -> switch (how) {
                    case 0 -> stamp.substring(0, at) + c + stamp.substring(at + 1);
                    case 1 -> stamp.substring(0, at) + stamp.substring(at + 1);
                    default -> stamp.substring(0, at) + c + stamp.substring(at);
                });
    }

    @Property
    void stripRemovesExactlyOneWellFormedPrefixOrNothing(@ForAll("guestLines") String line) {
        String stripped = TimestampPrefix.strip(line);
        if (stripped.equals(line)) {
            assertThat(TimestampPrefix.hasPrefix(line)).isFalse();
        } else {
            // Only the first 22 chars can go, and only when they are a stamp, digit by digit.
            assertThat(line).endsWith(stripped);
            assertThat(line.length() - stripped.length()).isEqualTo(TimestampPrefix.LENGTH);
            assertThat(line.substring(0, TimestampPrefix.LENGTH))
                    .matches("\\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\] ");
        }
    }

    @Property
    void aStampedGuestLineGivesBackTheGuestLineUntouched(
            @ForAll("stamps") String stamp, @ForAll("guestLines") String guest) {
        assertThat(TimestampPrefix.hasPrefix(stamp + guest)).isTrue();
        assertThat(TimestampPrefix.strip(stamp + guest)).isEqualTo(guest);
    }

    @Property
    void strippingIsIdempotentExactlyWhenTheGuestLineHasNoStampOfItsOwn(
            @ForAll("stamps") String stamp, @ForAll("guestLines") String guest) {
        String once = TimestampPrefix.strip(stamp + guest);
        String twice = TimestampPrefix.strip(once);
        // A guest that itself prints a stamp-shaped text keeps it: one strip, never two.
        assertThat(twice.equals(once)).isEqualTo(!TimestampPrefix.hasPrefix(guest));
    }

    @Property
    void nearMissesAreNeverStripped(@ForAll("nearMisses") String miss, @ForAll("guestLines") String guest) {
        String line = miss + guest;
        boolean wellFormed = line.length() >= TimestampPrefix.LENGTH
                && line.substring(0, TimestampPrefix.LENGTH)
                        .matches("\\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\] ");
        assertThat(TimestampPrefix.hasPrefix(line)).isEqualTo(wellFormed);
    }

    @Property
    void theByteAndStringChecksAgreeOnAnyText(@ForAll("guestLines") String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(TimestampPrefix.isPrefixAt(bytes, 0)).isEqualTo(TimestampPrefix.hasPrefix(line));
    }

    @Property
    void theLogfileOpenedMarkerNeedsItsStamp(@ForAll("guestLines") String line) {
        if (TimestampPrefix.isLogfileOpened(line)) {
            assertThat(TimestampPrefix.hasPrefix(line)).isTrue();
            assertThat(TimestampPrefix.strip(line).stripTrailing()).isEqualTo(TimestampPrefix.LOGFILE_OPENED);
        }
        assertThat(TimestampPrefix.isLogfileOpened("Logfile Opened" + line.replaceAll("\\S", "")))
                .isFalse();
    }

    @Property
    void positionsOutsideTheArrayAreNeverAPrefix(@ForAll("guestLines") String line, @ForAll int offset) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (offset < 0 || offset > bytes.length - TimestampPrefix.LENGTH) {
            assertThat(TimestampPrefix.isPrefixAt(bytes, offset)).isFalse();
        }
    }
}
