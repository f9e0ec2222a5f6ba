package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;

class XenconsoleLocatorTest {

    /** A host whose only files are these paths. */
    private static HostFiles hostWith(String... paths) {
        Set<String> present = Set.of(paths);
        return new HostFiles() {
            @Override
            public Optional<FileStat> stat(String path) {
                return present.contains(path)
                        ? Optional.of(new FileStat(1, path.hashCode() & 0xffff, 100))
                        : Optional.empty();
            }

            @Override
            public byte[] read(String path, long offset, int length) {
                throw new AssertionError("not read");
            }

            @Override
            public List<String> list(String directory) {
                return List.of();
            }

            @Override
            public byte[] readAll(String path, int maxBytes) {
                throw new AssertionError("not read");
            }

            @Override
            public boolean isDirectory(String path) {
                return false;
            }
        };
    }

    @Test
    void looksInDebiansVersionedDirectoryFirstThenTheRpmOnes() {
        assertThat(XenconsoleLocator.candidates("4.17.3"))
                .containsExactly(
                        "/usr/lib/xen-4.17/bin/xenconsole",
                        "/usr/lib64/xen/bin/xenconsole",
                        "/usr/libexec/xen/bin/xenconsole",
                        "/usr/lib/xen/bin/xenconsole");
        assertThat(XenconsoleLocator.candidates("unknown"))
                .doesNotContain("/usr/lib/xen-unknown/bin/xenconsole")
                .hasSize(3);
    }

    @Test
    void findsTheFirstThatExists() {
        assertThat(XenconsoleLocator.locate(
                        hostWith("/usr/lib/xen-4.17/bin/xenconsole", "/usr/lib/xen/bin/xenconsole"), "4.17.3"))
                .isEqualTo("/usr/lib/xen-4.17/bin/xenconsole");
        assertThat(XenconsoleLocator.locate(hostWith("/usr/libexec/xen/bin/xenconsole"), "4.13.0"))
                .isEqualTo("/usr/libexec/xen/bin/xenconsole");
    }

    @Test
    void namesEveryPlaceItLookedAndTheOverrideWhenNoneExists() {
        assertThatThrownBy(() -> XenconsoleLocator.locate(hostWith(), "4.17.3"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/usr/lib/xen-4.17/bin/xenconsole, /usr/lib64/xen/bin/xenconsole")
                .hasMessageContaining("--xenconsole PATH");
    }
}
