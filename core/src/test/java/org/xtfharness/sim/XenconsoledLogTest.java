package org.xtfharness.sim;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.sim.SimFixtures.STAMP;
import static org.xtfharness.sim.SimFixtures.TIME;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XenconsoledLogTest {

    @TempDir
    Path dir;

    private static void write(XenconsoledLog log, String s) {
        byte[] b = s.getBytes(US_ASCII);
        log.write(b, 0, b.length);
    }

    @Test
    void stampsEachLineLazilyAcrossChunksAsXenconsoledDoes() throws Exception {
        Path p = dir.resolve("guest-a.log");
        XenconsoledLog log = XenconsoledLog.open(p, true, TIME);
        write(log, "one\r\ntw");
        write(log, "o\r\n");
        write(log, "three");
        log.close();

        assertThat(Files.readString(p, US_ASCII))
                .isEqualTo(STAMP + "Logfile Opened\n" + STAMP + "one\r\n" + STAMP + "two\r\n" + STAMP + "three");
    }

    @Test
    void dropsCarriageReturnsStraightAfterANewlineOnlyWhenStamping() throws Exception {
        Path stamped = dir.resolve("guest-s.log");
        XenconsoledLog log = XenconsoledLog.open(stamped, true, TIME);
        write(log, "a\n\r\rb\r\n");
        log.close();
        Path plain = dir.resolve("guest-p.log");
        XenconsoledLog raw = XenconsoledLog.open(plain, false, TIME);
        write(raw, "a\n\r\rb\r\n");
        raw.close();

        assertThat(Files.readString(stamped, US_ASCII))
                .isEqualTo(STAMP + "Logfile Opened\n" + STAMP + "a\n" + STAMP + "b\r\n");
        assertThat(Files.readString(plain, US_ASCII)).isEqualTo("a\n\r\rb\r\n");
    }

    @Test
    void appendsToAnExistingLogAndWritesNothingOnOpenWithoutTimestamps() throws Exception {
        Path p = dir.resolve("guest-b.log");
        Files.writeString(p, "earlier run\n", US_ASCII);
        XenconsoledLog log = XenconsoledLog.open(p, false, TIME);
        assertThat(Files.readString(p, US_ASCII)).isEqualTo("earlier run\n");
        write(log, "x\r\n");
        log.close();

        assertThat(Files.readString(p, US_ASCII)).isEqualTo("earlier run\nx\r\n");
    }

    @Test
    void reopenAfterRenameWritesToANewFileByName() throws Exception {
        Path p = dir.resolve("guest-c.log");
        XenconsoledLog log = XenconsoledLog.open(p, true, TIME);
        write(log, "before\r\n");
        Files.move(p, dir.resolve("guest-c.log.1"));
        write(log, "still old\r\n");
        log.reopen();
        write(log, "after\r\n");
        log.close();

        assertThat(Files.readString(dir.resolve("guest-c.log.1"), US_ASCII)).endsWith(STAMP + "still old\r\n");
        assertThat(Files.readString(p, US_ASCII)).isEqualTo(STAMP + "Logfile Opened\n" + STAMP + "after\r\n");
    }
}
