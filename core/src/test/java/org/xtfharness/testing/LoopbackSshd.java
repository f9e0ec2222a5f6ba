package org.xtfharness.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.xtfharness.host.HostTarget;
import org.xtfharness.process.SshOptions;

/**
 * A real OpenSSH server on 127.0.0.1 for tests, with its own host key, client key and config in a
 * temp directory. Installs Debian's {@code openssh-server} when {@code /usr/sbin/sshd} is missing
 * (needs root and the package archive). When sshd cannot be installed or started, {@link #start()}
 * aborts the test with an assumption that says why: such tests are reported skipped, never passed.
 *
 * <p>Clients reach it as the ssh-config alias {@link #ALIAS} through {@link #sshOptions()} (a
 * private ssh config file), or as {@code ssh://user@127.0.0.1:port} through
 * {@link #sshOptionsWithoutConfig()} and {@link #urlTarget()}.
 */
public final class LoopbackSshd implements AutoCloseable {

    /** The alias the client config file defines for this server. */
    public static final String ALIAS = "xtfh-loopback";

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static String installFailure;
    private static boolean installTried;

    private final Path dir;
    private final int port;
    private final String user;
    private Process process;
    private String password;
    private String passwordUser;

    private LoopbackSshd(Path dir, int port, String user) {
        this.dir = dir;
        this.port = port;
        this.user = user;
    }

    /** Starts a server, or aborts the calling test with the reason it cannot. */
    public static LoopbackSshd start() {
        return start(false);
    }

    /**
     * Starts a server that also takes passwords: the way many XenRT hosts are reached, with a root
     * password and no key. The password (random) belongs to a local user of its own, {@link
     * #passwordUser()}, without a home, made for this server and removed by {@link #close()}; that
     * needs root, and the test is aborted without it. Each server has its own user, so servers of
     * tests that run at once never change each other's password.
     */
    public static LoopbackSshd startWithPasswordUser() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a password-only ssh user can only be made by root");
        return start(true);
    }

    private static LoopbackSshd start(boolean passwords) {
        ensureInstalled();
        Assumptions.assumeTrue(installFailure == null, () -> "loopback sshd unavailable: " + installFailure);
        try {
            Path dir = Files.createTempDirectory("xtfh-sshd-");
            String user = System.getProperty("user.name");
            run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString()));
            run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString()));
            Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
            // sshd refuses to start without its privilege separation directory.
            Files.createDirectories(Path.of("/run/sshd"));
            LoopbackSshd sshd = new LoopbackSshd(dir, freePort(), user);
            if (passwords) {
                String id = java.util.UUID.randomUUID().toString().replace("-", "");
                run(dir, List.of("useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh", "xtfh-pw-" + id.substring(0, 12)));
                sshd.passwordUser = "xtfh-pw-" + id.substring(0, 12);
                sshd.password = "pw-" + id;
                Files.writeString(dir.resolve("chpasswd.in"), sshd.passwordUser + ":" + sshd.password + "\n");
                Process p = new ProcessBuilder("chpasswd").redirectInput(dir.resolve("chpasswd.in").toFile())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("setup.log").toFile()))
                        .start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("chpasswd failed: " + tail(dir.resolve("setup.log")));
                }
                Files.delete(dir.resolve("chpasswd.in"));
            }
            sshd.writeConfigs();
            sshd.startServer();
            return sshd;
        } catch (IOException | InterruptedException | RuntimeException e) {
            Assumptions.abort("loopback sshd could not be started: " + e);
            throw new AssertionError("unreachable");
        }
    }

    private static synchronized void ensureInstalled() {
        if (installTried) {
            return;
        }
        installTried = true;
        if (Files.isExecutable(SSHD)) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            installFailure = SSHD + " is missing and installing openssh-server needs root";
            return;
        }
        try {
            Path log = Files.createTempFile("xtfh-apt-", ".log");
            for (List<String> step : List.of(
                    List.of("apt-get", "update", "-q"),
                    List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "openssh-server"))) {
                ProcessBuilder pb = new ProcessBuilder(step).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    installFailure = String.join(" ", step) + " did not finish in 10 minutes";
                    return;
                }
                if (p.exitValue() != 0) {
                    installFailure = String.join(" ", step) + " exited " + p.exitValue() + ": " + tail(log);
                    return;
                }
            }
            if (!Files.isExecutable(SSHD)) {
                installFailure = "openssh-server installed but " + SSHD + " is still missing";
            }
        } catch (IOException | InterruptedException e) {
            installFailure = "installing openssh-server failed: " + e;
        }
    }

    private void writeConfigs() throws IOException {
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication " + (password == null ? "no" : "yes"),
                "KbdInteractiveAuthentication no",
                "StrictModes no",
                "UsePAM no",
                "MaxSessions 64",
                "MaxStartups 64",
                "LogLevel VERBOSE",
                // bash sources ~/.bashrc for a command sshd runs only at shell level 1. This machine's
                // root .bashrc runs `pyenv init`, whose rehash lock is left behind when a test kills a
                // session mid-start; every later session then waits 60 s on it. The remote user's rc
                // files are not what these tests are about, so sessions start one level up.
                "SetEnv SHLVL=1",
                ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ssh_config"), String.join("\n",
                "Host " + ALIAS,
                "  HostName 127.0.0.1",
                "  Port " + port,
                "  User " + user,
                "  IdentityFile " + dir.resolve("client_key"),
                "  IdentitiesOnly yes",
                "  StrictHostKeyChecking no",
                "  UserKnownHostsFile /dev/null",
                "  LogLevel ERROR",
                ""), StandardCharsets.UTF_8);
    }

    /** (Re)starts the server on the same port with the same keys. */
    public synchronized void startServer() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        for (int i = 0; i < 200; i++) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited " + process.exitValue() + ": " + tail(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not accept connections on 127.0.0.1:" + port + ": " + tail(dir.resolve("sshd.log")));
    }

    /** Stops the server and drops every connection it serves (its per-connection children too). */
    public synchronized void stopServer() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            c.destroyForcibly();
        }
        for (ProcessHandle c : children) {
            c.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> c).join();
        }
        process = null;
    }

    /** Options that reach this server as {@link #ALIAS} through a private ssh config file. */
    public SshOptions sshOptions() {
        return SshOptions.defaults().withConfigFile(dir.resolve("ssh_config"));
    }

    /** The alias as a host target. */
    public HostTarget aliasTarget() {
        return HostTarget.parse(ALIAS);
    }

    /** {@code ssh://user@127.0.0.1:port}. */
    public HostTarget urlTarget() {
        return HostTarget.parse("ssh://" + user + "@127.0.0.1:" + port);
    }

    /** Options for {@link #urlTarget()} that need no config file: key and host-key checks as -i and -o. */
    public SshOptions sshOptionsWithoutConfig() {
        return SshOptions.defaults()
                .withConfigFile(Path.of("/dev/null"))
                .withIdentityFile(dir.resolve("client_key"))
                .withOption("IdentitiesOnly=yes")
                .withOption("StrictHostKeyChecking=no")
                .withOption("UserKnownHostsFile=/dev/null")
                .withOption("LogLevel=ERROR");
    }

    /** {@code ssh://<password user>@127.0.0.1:port}, for a server started with passwords. */
    public HostTarget passwordUserTarget() {
        return HostTarget.parse("ssh://" + passwordUser() + "@127.0.0.1:" + port);
    }

    /** The user that has a password, for a server started with passwords. */
    public String passwordUser() {
        if (passwordUser == null) {
            throw new IllegalStateException("this server was started without a password user");
        }
        return passwordUser;
    }

    /** {@link #passwordUser()}'s password, for a server started with passwords. */
    public String password() {
        passwordUser();
        return password;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The server's own log, for failure messages. */
    public String log() {
        return tail(dir.resolve("sshd.log"));
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stopServer();
        if (passwordUser != null && exitOf(dir, List.of("userdel", passwordUser)) != 0) {
            throw new IOException("userdel " + passwordUser + " failed: " + tail(dir.resolve("setup.log")));
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, List<String> argv) throws IOException, InterruptedException {
        if (exitOf(dir, argv) != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + tail(dir.resolve("setup.log")));
        }
    }

    private static int exitOf(Path dir, List<String> argv) throws IOException, InterruptedException {
        Path log = dir.resolve("setup.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish: " + tail(log));
        }
        return p.exitValue();
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

}
