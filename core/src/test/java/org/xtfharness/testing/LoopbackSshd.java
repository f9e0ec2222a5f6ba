package org.xtfharness.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xtfharness.host.HostTarget;
import org.xtfharness.process.SshOptions;

/**
 * A real OpenSSH server on 127.0.0.1 for tests, with its own host key, client key and config in a
 * temp directory. Installs Debian's {@code openssh-server} when {@code /usr/sbin/sshd} is missing
 * (needs root and the package archive).
 *
 * <p>A test class declares it as {@code @RegisterExtension static final LoopbackSshd sshd = new
 * LoopbackSshd();}: it starts before the class's {@code @BeforeAll} methods and stops after its
 * {@code @AfterAll} methods. When sshd cannot be installed or started, the class's tests are skipped
 * with the reason (failed in CI, see {@link Fixtures}), never passed. Outside JUnit, call
 * {@link #startServer()} and {@link #close()}.
 *
 * <p>Clients reach it as the ssh-config alias {@link #ALIAS} through {@link #sshOptions()} (a
 * private ssh config file), or as {@code ssh://user@127.0.0.1:port} through
 * {@link #sshOptionsWithoutConfig()} and {@link #urlTarget()}.
 */
public final class LoopbackSshd implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The alias the client config file defines for this server. */
    public static final String ALIAS = "xtfh-loopback";

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static String installFailure;
    private static boolean installTried;

    private final String user;
    /** The port tried first; 0 for any free one. */
    private final int firstPort;

    private Path dir;
    private int port;
    private Process process;
    /** Whether the server also takes passwords, for a user of its own. */
    private final boolean passwords;

    private String passwordUser;
    private String password;

    /** A server not started yet: as a {@code @RegisterExtension} static field it runs for the class. */
    public LoopbackSshd() {
        this(0, false);
    }

    /** A server that tries {@code firstPort} first (to test what happens when it is taken). */
    LoopbackSshd(int firstPort) {
        this(firstPort, false);
    }

    private LoopbackSshd(int firstPort, boolean passwords) {
        this.user = System.getProperty("user.name");
        this.firstPort = firstPort;
        this.passwords = passwords;
    }

    /**
     * A server that also takes passwords, the way many XenRT hosts are reached (a root password, no
     * key). The random password belongs to a local user of its own, {@link #passwordUser()}, with no
     * home, made when the server starts and removed when it stops; making it needs root, and
     * without root the tests are skipped (failed in CI). Each server has its own user, so servers of
     * tests that run at once never change each other's password.
     */
    public static LoopbackSshd withPasswordUser() {
        return new LoopbackSshd(0, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            startServer();
        } catch (IOException | RuntimeException e) {
            Fixtures.unavailable("loopback sshd could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Fixtures.unavailable("interrupted while starting the loopback sshd");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        close();
    }

    /** Keys and configs in a new temp directory, and a first port. */
    private void setUp() throws IOException, InterruptedException {
        ensureInstalled();
        if (installFailure != null) {
            throw new IOException("loopback sshd unavailable: " + installFailure);
        }
        dir = Files.createTempDirectory("xtfh-sshd-");
        run(
                dir,
                List.of(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-f",
                        dir.resolve("host_key").toString()));
        run(
                dir,
                List.of(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-f",
                        dir.resolve("client_key").toString()));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd refuses to start without its privilege separation directory.
        Files.createDirectories(Path.of("/run/sshd"));
        port = firstPort != 0 ? firstPort : freePort();
        if (passwords) {
            addPasswordUser();
        }
        writeConfigs();
    }

    private void addPasswordUser() throws IOException, InterruptedException {
        if (!"root".equals(user)) {
            throw new IOException("a password-only ssh user can only be made by root");
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        run(dir, List.of("useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh", "xtfh-pw-" + id.substring(0, 12)));
        passwordUser = "xtfh-pw-" + id.substring(0, 12);
        password = "pw-" + id;
        Path in = dir.resolve("chpasswd.in");
        Files.writeString(in, passwordUser + ":" + password + "\n");
        Process p = new ProcessBuilder("chpasswd")
                .redirectInput(in.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("setup.log").toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("chpasswd failed: " + tail(dir.resolve("setup.log")));
        }
        Files.delete(in);
    }

    /** {@code ssh://<password user>@127.0.0.1:port}, for a server made by {@link #withPasswordUser()}. */
    public HostTarget passwordUserTarget() {
        return HostTarget.parse("ssh://" + passwordUser() + "@127.0.0.1:" + port);
    }

    /** The user that has a password, for a server made by {@link #withPasswordUser()}. */
    public String passwordUser() {
        if (passwordUser == null) {
            throw new IllegalStateException("this server was made without a password user");
        }
        return passwordUser;
    }

    /** {@link #passwordUser()}'s password. */
    public String password() {
        passwordUser();
        return password;
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
                ProcessBuilder pb = new ProcessBuilder(step)
                        .redirectErrorStream(true)
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
        Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
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
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("ssh_config"),
                String.join(
                        "\n",
                        "Host " + ALIAS,
                        "  HostName 127.0.0.1",
                        "  Port " + port,
                        "  User " + user,
                        "  IdentityFile " + dir.resolve("client_key"),
                        "  IdentitiesOnly yes",
                        "  StrictHostKeyChecking no",
                        "  UserKnownHostsFile /dev/null",
                        "  LogLevel ERROR",
                        ""),
                StandardCharsets.UTF_8);
    }

    /**
     * Starts the server, or restarts it on the same port with the same keys. The port was free when
     * chosen but another process (another test fork's sshd) may bind it first: on the first start
     * another port is tried then, as OpenSSH cannot be asked to bind port 0 and say which it got.
     */
    public synchronized void startServer() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        boolean first = dir == null;
        if (first) {
            setUp();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                return;
            } catch (PortTakenException e) {
                if (!first || attempt == 5) {
                    throw e;
                }
                port = freePort();
                writeConfigs();
            }
        }
    }

    /** Starts sshd and waits until it says it listens on our port (not merely until the port answers). */
    private void launch() throws IOException, InterruptedException {
        Path log = dir.resolve("sshd.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(
                        SSHD.toString(),
                        "-D",
                        "-e",
                        "-f",
                        dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        String listening = "Server listening on 127.0.0.1 port " + port + ".";
        for (int i = 0; i < 400; i++) {
            String since = logSince(log, logStart);
            if (!process.isAlive()) {
                if (since.contains("Address already in use")) {
                    throw new PortTakenException(since);
                }
                throw new IOException("sshd exited " + process.exitValue() + ": " + since);
            }
            if (since.contains(listening)) {
                return;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IOException("sshd did not listen on 127.0.0.1:" + port + " in 20 s: " + tail(log));
    }

    private static final class PortTakenException extends IOException {
        PortTakenException(String log) {
            super("sshd could not bind its port: " + log);
        }
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
        return SshOptions.builder().configFile(dir.resolve("ssh_config")).build();
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
        return SshOptions.builder()
                .configFile(Path.of("/dev/null"))
                .identityFile(dir.resolve("client_key"))
                .option("IdentitiesOnly=yes")
                .option("StrictHostKeyChecking=no")
                .option("UserKnownHostsFile=/dev/null")
                .option("LogLevel=ERROR")
                .build();
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
        if (dir == null) {
            return;
        }
        if (passwordUser != null) {
            String gone = passwordUser;
            passwordUser = null;
            run(dir, List.of("userdel", gone));
        }
        try (var files = Files.walk(dir)) {
            for (Path p :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String logSince(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(
                all,
                (int) Math.min(offset, all.length),
                all.length - (int) Math.min(offset, all.length),
                StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, List<String> argv) throws IOException, InterruptedException {
        Path log = dir.resolve("setup.log");
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + tail(log));
        }
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
