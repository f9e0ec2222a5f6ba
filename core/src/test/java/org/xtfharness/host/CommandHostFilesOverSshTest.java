package org.xtfharness.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Catalogue;
import org.xtfharness.catalog.Catalogues;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.testing.LoopbackSshd;

/** The sshd is on this machine, so files written here are the "remote" host's files. */
class CommandHostFilesOverSshTest {

    @RegisterExtension
    static final LoopbackSshd sshd = new LoopbackSshd();

    private static XenHost host;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() {
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (host != null) {
            Hosts.close(host);
        }
    }

    private Path log(String content) throws Exception {
        Path f = tmp.resolve("guest-test-pv64-example.log");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void statGivesTheSameIdentityAndSizeAsTheLocalFileSystem() throws Exception {
        Path f = log("0123456789");

        FileStat s = host.files().stat(f.toString()).orElseThrow();

        assertThat(s.size()).isEqualTo(10);
        assertThat(s.inode()).isEqualTo(((Number) Files.getAttribute(f, "unix:ino")).longValue());
        assertThat(s.device()).isEqualTo(((Number) Files.getAttribute(f, "unix:dev")).longValue());
    }

    @Test
    void statOfAMissingFileIsEmptyNotAnError() {
        assertThat(host.files().stat(tmp.resolve("no such file").toString())).isEmpty();
    }

    @Test
    void statTellsAReplacedFileFromOneThatGrew() throws Exception {
        Path f = log("first run\n");
        FileStat before = host.files().stat(f.toString()).orElseThrow();
        Files.writeString(f, "more\n", StandardOpenOption.APPEND);
        FileStat grown = host.files().stat(f.toString()).orElseThrow();
        Path replacement = tmp.resolve("new");
        Files.writeString(replacement, "x");
        Files.move(replacement, f, StandardCopyOption.REPLACE_EXISTING);
        FileStat replaced = host.files().stat(f.toString()).orElseThrow();

        assertThat(grown.sameFileAs(before)).isTrue();
        assertThat(grown.size()).isEqualTo(15);
        assertThat(replaced.sameFileAs(before)).isFalse();
    }

    @Test
    void readReturnsExactlyTheRequestedRangeFromAnOffset() throws Exception {
        Path f = log("--- Xen Test Framework ---\nTest result: SUCCESS\n");

        byte[] middle = host.files().read(f.toString(), 27, 12);

        assertThat(new String(middle, StandardCharsets.UTF_8)).isEqualTo("Test result:");
    }

    @Test
    void readOfTheTailStopsAtTheEndAndPastTheEndGivesNothing() throws Exception {
        Path f = log("abcdef");

        assertThat(host.files().read(f.toString(), 4, 100)).isEqualTo("ef".getBytes(StandardCharsets.US_ASCII));
        assertThat(host.files().read(f.toString(), 6, 100)).isEmpty();
        assertThat(host.files().read(f.toString(), 1000, 100)).isEmpty();
        assertThat(host.files().read(f.toString(), 0, 0)).isEmpty();
    }

    @Test
    void readCarriesBinaryBytesUnchanged() throws Exception {
        Path f = tmp.resolve("binary");
        byte[] all = new byte[256 * 300];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Files.write(f, all);

        byte[] got = host.files().read(f.toString(), 70_001, 5000);

        assertThat(got).isEqualTo(Arrays.copyOfRange(all, 70_001, 75_001));
    }

    @Test
    void readOfAMissingFileSaysSo() {
        String missing = tmp.resolve("gone.log").toString();
        assertThatThrownBy(() -> host.files().read(missing, 0, 10))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("no such file");
    }

    @Test
    void readAllRefusesAFileOverTheLimitAndAcceptsOneAtIt() throws Exception {
        Path f = log("12345");

        assertThat(host.files().readAll(f.toString(), 5)).hasSize(5);
        assertThatThrownBy(() -> host.files().readAll(f.toString(), 4))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("larger than the 4 bytes");
    }

    @Test
    void listGivesSortedNamesIncludingAwkwardOnes() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("console dir"));
        for (String n :
                new String[] {"guest-b.log", "guest-a.log", ".hidden", "with space", "new\nline", "*", "it's"}) {
            Files.writeString(d.resolve(n), "");
        }

        assertThat(host.files().list(d.toString()))
                .containsExactly("*", ".hidden", "guest-a.log", "guest-b.log", "it's", "new\nline", "with space");
    }

    @Test
    void listOfAnEmptyOrMissingDirectoryIsEmpty() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("empty"));

        assertThat(host.files().list(d.toString())).isEmpty();
        assertThat(host.files().list(tmp.resolve("missing").toString())).isEmpty();
    }

    @Test
    void isDirectoryTellsDirectoriesFromFilesAndMissingPaths() throws Exception {
        Path f = log("x");

        assertThat(host.files().isDirectory(tmp.toString())).isTrue();
        assertThat(host.files().isDirectory(f.toString())).isFalse();
        assertThat(host.files().isDirectory(tmp.resolve("missing").toString())).isFalse();
    }

    @Test
    void aPathThatLooksLikeShellIsJustAPath() throws Exception {
        Path f = tmp.resolve("$(touch pwned); `x` 'y'");
        Files.writeString(f, "data");

        assertThat(host.files().stat(f.toString())).map(FileStat::size).isEqualTo(Optional.of(4L));
        assertThat(host.files().read(f.toString(), 1, 2)).isEqualTo("at".getBytes(StandardCharsets.US_ASCII));
        assertThat(tmp.resolve("pwned")).doesNotExist();
    }

    @Test
    void statTellsRegularFilesFromDirectoriesAndFifosAndReadNeverOpensAFifo() throws Exception {
        Path fifo = tmp.resolve("info.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        Path file = Files.writeString(tmp.resolve("f"), "x");

        assertThat(host.files().stat(file.toString()).orElseThrow().kind()).isEqualTo(FileStat.Kind.REGULAR);
        assertThat(host.files().stat(tmp.toString()).orElseThrow().kind()).isEqualTo(FileStat.Kind.DIRECTORY);
        assertThat(host.files().stat(fifo.toString()).orElseThrow().kind()).isEqualTo(FileStat.Kind.OTHER);
        assertThatThrownBy(() -> host.files().read(fifo.toString(), 0, 10))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> host.files().readAll(fifo.toString(), 10))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aFifoAsInfoJsonIsAProblemOfThatTestOverSshAndTheOthersLoad() throws Exception {
        Path fifo = Files.createDirectories(tmp.resolve("xtf/tests/fifo")).resolve("info.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        Path good = Files.createDirectories(tmp.resolve("xtf/tests/good"));
        Files.writeString(
                good.resolve("info.json"),
                "{\"name\": \"good\", \"category\": \"functional\", \"environments\": [\"pv64\"]}");
        Files.writeString(good.resolve("test-pv64-good.cfg"), "");

        Catalogue c = Catalogues.xtfTreeSkippingBroken(
                host.files(), tmp.resolve("xtf").toString());

        assertThat(c.instances()).extracting(TestInstance::name).containsExactly("test-pv64-good");
        assertThat(c.skipped()).containsExactly(fifo + ": is not a regular file (a FIFO, socket or device): not read");
    }
}
