package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.testing.Fixtures;
import org.xtfharness.testing.LoopbackSshd;

/** {@code --ssh-password-file}: a host that takes only a password, as XenRT reaches its hosts. */
class SshPasswordFileOptionTest {

    @RegisterExtension
    static final LoopbackSshd sshd = LoopbackSshd.withPasswordUser();

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {}

    private static Result cli(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args.toArray(String[]::new));
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** An XTF tree with one test, readable by the password user. */
    private Path xtfTree() throws Exception {
        Path test = Files.createDirectories(dir.resolve("xtf/tests/example"));
        Files.writeString(
                test.resolve("info.json"),
                "{\"name\": \"example\", \"category\": \"functional\", \"environments\": [\"pv64\"], \"variations\": []}\n");
        Files.writeString(test.resolve("test-pv64-example.cfg"), "name=\"test-pv64-example\"\n");
        for (Path p : List.of(dir, dir.resolve("xtf"), dir.resolve("xtf/tests"), test)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir.resolve("xtf");
    }

    private List<String> listOnPasswordHost(Path passwordFile, Path xtf) {
        return List.of(
                "list",
                "--host-target",
                sshd.passwordUserTarget().toString(),
                "--ssh-config",
                "/dev/null",
                "--ssh-password-file",
                passwordFile.toString(),
                "--ssh-option",
                "PubkeyAuthentication=no",
                "--ssh-option",
                "StrictHostKeyChecking=no",
                "--ssh-option",
                "UserKnownHostsFile=/dev/null",
                "--xtf-dir",
                xtf.toString());
    }

    @Test
    void listsTheCatalogueOfAHostThatTakesOnlyAPassword() throws Exception {
        Path password = dir.resolve("password");
        Files.writeString(password, sshd.password() + "\n");

        Result r = cli(listOnPasswordHost(password, xtfTree()));

        assertThat(r.exit).as(r.err + sshd.log()).isZero();
        assertThat(r.out).contains("test-pv64-example");
    }

    @Test
    void namesAPasswordFileItCannotRead() throws Exception {
        Result r = cli(listOnPasswordHost(dir.resolve("no-such-file"), xtfTree()));

        assertThat(r.exit).isNotZero();
        assertThat(r.err)
                .contains("--ssh-password-file " + dir.resolve("no-such-file") + ": not a readable file")
                .doesNotContain("Exception");
    }

    // Issue 23: a FIFO was handed to ssh's askpass helper, whose `head -n 1` outlived the harness.
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAFifoBeforeSshIsStarted() throws Exception {
        Path fifo = dir.resolve("password-fifo");
        Fixtures.require(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");

        Result r = cli(listOnPasswordHost(fifo, xtfTree()));

        assertThat(r.exit).isNotZero();
        assertThat(r.err)
                .contains("--ssh-password-file " + fifo + ": not a regular file")
                .doesNotContain("Exception");
    }

    @Test
    void refusesAnEmptyPasswordFileAndWarnsOfOneOthersCanRead() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Result refused = cli(listOnPasswordHost(empty, xtfTree()));
        assertThat(refused.exit).isNotZero();
        assertThat(refused.err).contains("--ssh-password-file " + empty + ": it is empty");

        Path open = Files.writeString(dir.resolve("open"), sshd.password() + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Result warned = cli(listOnPasswordHost(open, xtfTree()));
        assertThat(warned.exit).as(warned.err).isZero();
        assertThat(warned.err).contains("warning: the ssh password file " + open + " can be read by");
    }
}
