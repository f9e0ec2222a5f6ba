package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.testing.Fixtures;

/** Issue 23: a password file is read by nothing that can block, and only when it can be one. */
class PasswordFilesTest {

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path f = Files.write(dir.resolve("pw"), content.getBytes(StandardCharsets.ISO_8859_1));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void acceptsAPrivateFileWithAPasswordOnItsFirstLineSilently() throws Exception {
        assertThat(PasswordFiles.check(file("s3cret\n", "rw-------"))).isEmpty();
        assertThat(PasswordFiles.check(file("s3cret", "r--------"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-r--r--"})
    void warnsWhenOthersCanReadThePassword(String mode) throws Exception {
        Path f = file("s3cret\n", mode);
        assertThat(PasswordFiles.check(f))
                .singleElement()
                .asString()
                .contains(f.toString())
                .contains("chmod 600");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n", "\nsecond-line\n"})
    void refusesAnEmptyPassword(String content) throws Exception {
        Path f = file(content, "rw-------");
        assertThatThrownBy(() -> PasswordFiles.check(f))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("empty");
    }

    @Test
    void refusesAFileTooBigToBeAPassword() throws Exception {
        Path f = file("x".repeat(PasswordFiles.MAX_BYTES + 1), "rw-------");
        assertThatThrownBy(() -> PasswordFiles.check(f))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("4096");
    }

    // A FIFO would leave ssh's askpass helper (head -n 1) waiting for a writer after the harness ended.
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAFifoADirectoryAndADeviceWithoutOpeningThem() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Fixtures.require(mkfifo.waitFor() == 0, "needs mkfifo");
        for (Path p : new Path[] {fifo, dir, Path.of("/dev/zero")}) {
            assertThatThrownBy(() -> PasswordFiles.check(p))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(p.toString())
                    .hasMessageContaining("not a regular file");
        }
        assertThatThrownBy(() -> PasswordFiles.check(dir.resolve("missing")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a readable file");
    }
}
