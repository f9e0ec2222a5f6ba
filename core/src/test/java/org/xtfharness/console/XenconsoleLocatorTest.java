package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;

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
    void looksInDebiansVersionedDirectoryFirstThenXensDefaultInstallThenTheRpmOnes() {
        assertThat(XenconsoleLocator.candidates("4.17.3"))
                .containsExactly(
                        "/usr/lib/xen-4.17/bin/xenconsole",
                        "/usr/local/lib/xen/bin/xenconsole",
                        "/usr/lib64/xen/bin/xenconsole",
                        "/usr/libexec/xen/bin/xenconsole",
                        "/usr/lib/xen/bin/xenconsole");
        assertThat(XenconsoleLocator.candidates("unknown"))
                .doesNotContain("/usr/lib/xen-unknown/bin/xenconsole")
                .hasSize(4);
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
                .hasMessageContaining("/usr/lib/xen-4.17/bin/xenconsole, /usr/local/lib/xen/bin/xenconsole")
                .hasMessageContaining("/usr/bin/xenconsole")
                .hasMessageContaining("--xenconsole PATH");
    }

    /** A host answering {@code printenv PATH} with {@code path} (or failing it: null), with these files. */
    private static XenHost host(String path, String... files) {
        CommandRunner commands = command -> {
            if (path == null || !command.argv().equals(List.of("printenv", "PATH"))) {
                return new CommandResult(command, 127, new byte[0], "not found", false, Duration.ZERO);
            }
            return new CommandResult(
                    command, 0, (path + "\n").getBytes(StandardCharsets.UTF_8), "", false, Duration.ZERO);
        };
        return new XenHost(commands, hostWith(files));
    }

    @Test
    void findsAXenconsoleThatIsOnlyOnTheHostsPath() {
        XenHost h = host("/opt/tools/bin:/usr/bin", "/opt/tools/bin/xenconsole", "/usr/sbin/xl");

        XenconsoleLocator.Search s = XenconsoleLocator.search(h, "4.17.3", List.of("xl"));

        assertThat(s.found().map(XenconsoleLocator.Candidate::path)).contains("/opt/tools/bin/xenconsole");
        assertThat(s.found().get().why()).isEqualTo("on the host's PATH");
        assertThat(XenconsoleLocator.locate(h, "4.17.3", List.of("xl"))).isEqualTo("/opt/tools/bin/xenconsole");
    }

    @Test
    void findsXenconsoleBesideXlsOwnInstallationBeforeThePath() {
        XenHost h = host(
                "/opt/xen/sbin:/usr/bin", "/opt/xen/sbin/xl", "/opt/xen/lib/xen/bin/xenconsole", "/usr/bin/xenconsole");

        XenconsoleLocator.Search s = XenconsoleLocator.search(h, "4.19.0", List.of("xl"));

        assertThat(s.found().get().path()).isEqualTo("/opt/xen/lib/xen/bin/xenconsole");
        assertThat(s.found().get().why()).isEqualTo("beside /opt/xen/sbin/xl");
    }

    @Test
    void findsXensDefaultSourceInstall() {
        XenHost h = host("/usr/local/sbin:/usr/bin", "/usr/local/sbin/xl", "/usr/local/lib/xen/bin/xenconsole");

        assertThat(XenconsoleLocator.locate(h, "4.17.3", List.of("xl"))).isEqualTo("/usr/local/lib/xen/bin/xenconsole");
    }

    @Test
    void aHostThatCannotSayItsPathIsSearchedOnTheUsualOne() {
        XenHost h = host(null, "/usr/bin/xenconsole");

        XenconsoleLocator.Search s = XenconsoleLocator.search(h, "", List.of("/usr/sbin/xl"));

        assertThat(s.found().get().path()).isEqualTo("/usr/bin/xenconsole");
        assertThat(s.places()).contains("/usr/lib/xen/bin/xenconsole", "/usr/local/sbin/xenconsole");
    }

    @Test
    void theNotFoundMessageNamesEveryPlaceIncludingThePath() {
        XenHost h = host("/opt/a:/opt/b");

        assertThatThrownBy(() -> XenconsoleLocator.locate(h, "4.17.3", List.of("xl")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/usr/local/lib/xen/bin/xenconsole")
                .hasMessageContaining("/opt/a/xenconsole, /opt/b/xenconsole");
    }

    @Test
    void xlsPrefixIsTheDirectoryAboveItsBinOrSbin() {
        assertThat(XenconsoleLocator.prefixOf("/opt/xen/sbin/xl")).contains("/opt/xen");
        assertThat(XenconsoleLocator.prefixOf("/usr/bin/xl")).contains("/usr");
        assertThat(XenconsoleLocator.prefixOf("/home/me/xl")).isEmpty();
        assertThat(XenconsoleLocator.prefixOf("xl")).isEmpty();
    }
}
