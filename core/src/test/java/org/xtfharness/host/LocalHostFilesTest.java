package org.xtfharness.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.InfrastructureException;

class LocalHostFilesTest {

    @TempDir
    Path dir;

    private final HostFiles files = new LocalHostFiles();

    @BeforeEach
    void needsUnixAttributes() {
        assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("unix"),
                "file identity needs the 'unix' attribute view (Linux, the platform dom0 runs)");
    }

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    @Test
    void statOfMissingFileIsEmpty() {
        assertThat(files.stat(dir.resolve("nope").toString())).isEmpty();
    }

    @Test
    void statGivesSizeAndKeepsIdentityWhenFileGrows() throws IOException {
        String p = write("a.log", "12345");
        FileStat before = files.stat(p).orElseThrow();
        assertThat(before.size()).isEqualTo(5);
        Files.writeString(Path.of(p), "678", StandardOpenOption.APPEND);
        FileStat after = files.stat(p).orElseThrow();
        assertThat(after.size()).isEqualTo(8);
        assertThat(after.sameFileAs(before)).isTrue();
    }

    @Test
    void replacedFileHasAnotherIdentity() throws IOException {
        String p = write("a.log", "old");
        FileStat before = files.stat(p).orElseThrow();
        Files.move(Path.of(p), dir.resolve("a.log.1"));
        write("a.log", "new");
        assertThat(files.stat(p).orElseThrow().sameFileAs(before)).isFalse();
        assertThat(files.stat(dir.resolve("a.log.1").toString()).orElseThrow().sameFileAs(before))
                .isTrue();
    }

    @Test
    void readsAtAnOffset() throws IOException {
        String p = write("a.log", "0123456789");
        assertThat(new String(files.read(p, 3, 4), StandardCharsets.US_ASCII)).isEqualTo("3456");
    }

    @Test
    void readsFewerBytesAtTheEndAndNoneBeyond() throws IOException {
        String p = write("a.log", "0123456789");
        assertThat(new String(files.read(p, 8, 100), StandardCharsets.US_ASCII)).isEqualTo("89");
        assertThat(files.read(p, 10, 5)).isEmpty();
        assertThat(files.read(p, 50, 5)).isEmpty();
        assertThat(files.read(p, 0, 0)).isEmpty();
    }

    @Test
    void readingAMissingFileIsAnInfrastructureError() {
        String p = dir.resolve("gone").toString();
        assertThatThrownBy(() -> files.read(p, 0, 1))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(p);
    }

    @Test
    void negativeOffsetIsRefused() throws IOException {
        String p = write("a.log", "x");
        assertThatThrownBy(() -> files.read(p, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsNamesSortedAndNothingForMissingDirectory() throws IOException {
        write("b", "");
        write("a", "");
        Files.createDirectory(dir.resolve("c"));
        assertThat(files.list(dir.toString())).containsExactly("a", "b", "c");
        assertThat(files.list(dir.resolve("missing").toString())).isEmpty();
    }

    @Test
    void readAllReadsSmallFilesAndRefusesLargeOnes() throws IOException {
        String p = write("a.log", "hello");
        assertThat(new String(files.readAll(p, 5), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThatThrownBy(() -> files.readAll(p, 4))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(p)
                .hasMessageContaining("4 bytes");
    }

    @Test
    void readAllReadsProcFilesThatReportSizeZeroToTheirEnd() {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/cmdline")), "needs a Linux /proc");
        String cmdline = "/proc/" + ProcessHandle.current().pid() + "/cmdline";
        assertThat(files.stat(cmdline).orElseThrow().size()).isZero();

        String text = new String(files.readAll(cmdline, 1 << 20), StandardCharsets.UTF_8);

        String[] jvmArgs = ProcessHandle.current().info().arguments().orElseThrow();
        assertThat(text.split("\0")).hasSize(jvmArgs.length + 1).endsWith(jvmArgs[jvmArgs.length - 1]);
    }

    @Test
    void knowsDirectories() throws IOException {
        String p = write("a.log", "");
        assertThat(files.isDirectory(dir.toString())).isTrue();
        assertThat(files.isDirectory(p)).isFalse();
        assertThat(files.isDirectory(dir.resolve("missing").toString())).isFalse();
    }

    @Test
    void statTellsRegularFilesFromDirectoriesAndFifosAndReadNeverOpensAFifo() throws Exception {
        Path fifo = dir.resolve("info.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        Path file = Files.writeString(dir.resolve("f"), "x");

        assertThat(files.stat(file.toString()).orElseThrow().kind()).isEqualTo(FileStat.Kind.REGULAR);
        assertThat(files.stat(dir.toString()).orElseThrow().kind()).isEqualTo(FileStat.Kind.DIRECTORY);
        assertThat(files.stat(fifo.toString()).orElseThrow().kind()).isEqualTo(FileStat.Kind.OTHER);
        assertThatThrownBy(() -> files.read(fifo.toString(), 0, 10))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> files.readAll(fifo.toString(), 10))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not a regular file");
    }
}
