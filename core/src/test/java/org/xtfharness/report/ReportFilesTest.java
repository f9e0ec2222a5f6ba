package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.testing.Fixtures;

class ReportFilesTest {

    @TempDir
    Path dir;

    private static void writeReport(Path file, String text) {
        ReportFiles.write(file, "test report", out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void replacesARegularFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("report.xml");
        Files.writeString(file, "an older, longer report");

        writeReport(file, "new");

        assertThat(file).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void followsASymbolicLinkAndKeepsTheLink() throws IOException {
        Path target = dir.resolve("real.xml");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.xml"), target.getFileName());

        writeReport(link, "new");

        assertThat(Files.isSymbolicLink(link)).as("the link is still a link").isTrue();
        assertThat(target).hasContent("new");
    }

    @Test
    void aDanglingSymbolicLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.xml"), Path.of("made.xml"));

        writeReport(link, "new");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(dir.resolve("made.xml")).hasContent("new");
    }

    @Test
    void writesThroughADeviceInsteadOfReplacingIt() throws Exception {
        // A null device of the test's own, never the machine's /dev/null: a regression would replace
        // the device it is given with a regular file.
        Path device = dir.resolve("null-device");
        Process mknod;
        try {
            mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "3")
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            Fixtures.unavailable("needs mknod: " + e.getMessage());
            return;
        }
        boolean made = mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0;
        Fixtures.require(made, "making a device node needs root (CAP_MKNOD)");

        writeReport(device, "into the void");

        assertThat(Files.isRegularFile(device, LinkOption.NOFOLLOW_LINKS))
                .as("still a device")
                .isFalse();
        assertThat(Files.size(device)).as("a null device stays empty").isZero();
    }

    @Test
    void writesThroughAFifoToItsReader() throws Exception {
        Path fifo = dir.resolve("report.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            Fixtures.unavailable("needs mkfifo: " + e.getMessage());
            return;
        }
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
                .as("mkfifo")
                .isTrue();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                return "read failed: " + e.getMessage();
            }
        });

        writeReport(fifo, "through the pipe");

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS))
                .as("still a FIFO")
                .isFalse();
    }

    @Test
    void aNewReportGetsTheModeAnyNewFileGetsFromTheUmask() throws IOException {
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Path file = dir.resolve("report.xml");

        writeReport(file, "new");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(umaskMode);
    }

    @Test
    void aReplacedReportKeepsItsMode() throws IOException {
        Path file = dir.resolve("report.xml");
        Files.writeString(file, "old");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(file, mode);

        writeReport(file, "new");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(mode);
    }

    @Test
    void aFailedWriteNamesTheReportAndFileWithoutJavaClassNames() {
        Path file = dir.resolve("nodir/report.xml");

        assertThatThrownBy(() -> writeReport(file, "new"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("test report")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no such file or directory")
                .hasMessageNotContaining("Exception");
    }
}
