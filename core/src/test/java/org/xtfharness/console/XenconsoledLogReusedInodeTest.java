package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xtfharness.console.ConsoleCapture.Location;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.testing.ManualTime;

/**
 * A rotation that replaces an older rotated log frees an inode, and the next log the host creates
 * may get it: a file of another guest can then carry the marked identity, even the marked bytes. The
 * soak caught a run taking another run's output that way; only the log's own rotations may be its
 * old file.
 */
class XenconsoledLogReusedInodeTest {

    private static final String DIR = "/var/log/xen/console";
    private static final String OWN = DIR + "/guest-test-pv64-a.log";
    private static final String OTHER = DIR + "/guest-test-pv64-b.log";

    /** A directory of files by path, each with an identity and its bytes. */
    private final Map<String, Entry> files = new TreeMap<>();

    private record Entry(long inode, byte[] bytes) {}

    private final HostFiles host = new HostFiles() {
        @Override
        public Optional<FileStat> stat(String path) {
            Entry e = files.get(path);
            return e == null ? Optional.empty() : Optional.of(new FileStat(1, e.inode(), e.bytes().length));
        }

        @Override
        public byte[] read(String path, long offset, int length) {
            byte[] b = files.get(path).bytes();
            int from = (int) Math.min(offset, b.length);
            return Arrays.copyOfRange(b, from, (int) Math.min(b.length, offset + length));
        }

        @Override
        public List<String> list(String directory) {
            return files.keySet().stream()
                    .map(p -> p.substring(p.lastIndexOf('/') + 1))
                    .toList();
        }

        @Override
        public byte[] readAll(String path, int maxBytes) {
            return files.get(path).bytes();
        }

        @Override
        public boolean isDirectory(String path) {
            return path.equals(DIR);
        }
    };

    private ConsoleSession open() {
        return ConsoleSources.xenconsoledLog(
                        host,
                        new LogLayout(DIR, "guest-%s.log"),
                        LogCaptureOptions.builder().time(new ManualTime()).build())
                .open("test-pv64-a");
    }

    private void put(String path, long inode, String text) {
        files.put(path, new Entry(inode, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String run(String who, String result) {
        return "--- Xen Test Framework ---\r\n" + who + "\r\nTest result: " + result + "\r\n";
    }

    @Test
    void anotherGuestsLogWithTheMarkedIdentityAndBytesIsNeverTakenForTheOldFile() {
        String earlier = run("a, an earlier run", "SUCCESS");
        put(OWN, 100, earlier);
        ConsoleSession s = open();
        // a's log rotated away and later dropped; b's new log got the freed inode, and by chance the
        // same bytes where a's mark was.
        files.remove(OWN);
        put(OTHER, 100, earlier + run("b", "FAILURE"));
        put(OWN, 200, "Test result: SUCCESS\r\n");

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).doesNotContain("b");
        assertThat(String.join("\n", c.lines())).doesNotContain("FAILURE");
        assertThat(c.location()).isEqualTo(Location.AFTER_REPLACEMENT);
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("none of its rotations"));
    }

    @Test
    void anEmptyMarkedLogsIdentityOnAnotherGuestsLogIsNotTakenEither() {
        put(OWN, 100, "");
        ConsoleSession s = open();
        files.remove(OWN);
        put(OTHER, 100, run("b", "FAILURE"));
        put(OWN, 200, run("a", "SUCCESS"));

        ConsoleCapture c = s.collect();

        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "a", "Test result: SUCCESS");
    }

    @Test
    void theLogsOwnRotationWithTheMarkedIdentityIsItsOldFile() {
        String earlier = run("a, an earlier run", "SUCCESS");
        put(OWN, 100, earlier);
        ConsoleSession s = open();
        files.remove(OWN);
        put(OWN + ".1", 100, earlier + "--- Xen Test Framework ---\r\na, this run\r\n");
        put(OWN, 200, "Test result: FAILURE\r\n");

        ConsoleCapture c = s.collect();

        assertThat(c.location()).isEqualTo(Location.AFTER_REPLACEMENT);
        assertThat(c.lines()).containsExactly("--- Xen Test Framework ---", "a, this run", "Test result: FAILURE");
    }
}
