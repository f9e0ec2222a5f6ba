package org.xtfharness.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.process.PosixShell;
import org.xtfharness.testing.Fixtures;

class AgentScriptTest {

    /** Characters a shell would act on if a value ever reached its parsing, and plain ones. */
    private static final String HOSTILE = " \t\n'\"$`\\;|&*?[]{}()<>~#!=-%@^,.:/abcXYZ019\u00e9\u4e2d";

    @TempDir
    Path tmp;

    @Test
    void passesShellcheckAsPosixSh() throws Exception {
        Fixtures.require(
                Fixtures.onPath("shellcheck"), "shellcheck (Debian package shellcheck) to lint the host agent");
        Path script = tmp.resolve("xtf-harness-agent.sh");
        Files.writeString(script, AgentScript.text(), UTF_8);

        Result r = exec(List.of("shellcheck", "-s", "sh", script.toString()));

        assertThat(r.exit()).as("shellcheck said:\n%s%s", r.out(), r.err()).isZero();
    }

    @Property(tries = 200)
    void everyRequestReadsBackAsItWasWritten(@ForAll("requests") AgentRequest request) {
        assertThat(AgentScript.parse(AgentScript.argv(request))).contains(request);
    }

    @Test
    void commandsThatAreNotTheAgentAreNoRequest() {
        assertThat(AgentScript.parse(List.of("xl", "list"))).isEmpty();
        assertThat(AgentScript.parse(List.of("sh", "-c", "echo hi", AgentScript.NAME, "stat", "/")))
                .isEmpty();
        assertThatThrownBy(() -> AgentScript.parse(List.of("sh", "-c", AgentScript.text(), AgentScript.NAME, "stat")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> AgentRequest.parse(List.of("stat", "/a", "/b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extra words");
        assertThatThrownBy(() -> AgentRequest.parse(List.of("format-disk", "/")))
                .hasMessageContaining("no agent verb 'format-disk'");
    }

    @Test
    void theStepMarkerIsTheOneTheAgentDefines() {
        assertThat(AgentScript.text()).contains("\nstep='" + AgentScript.STEP + "'\n");
        AgentOutput out = AgentOutput.of(
                (AgentOutput.stepLine("create") + "made\n" + AgentOutput.stepLine("carried") + "\0raw\nbytes")
                        .getBytes(UTF_8));
        assertThat(out.linesOf("create")).containsExactly("made");
        assertThat(out.carried())
                .hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("\0raw\nbytes"));
    }

    /**
     * The words of xl's command and of its create arguments reach the programs exactly as written,
     * whatever a shell would make of them, under every shell a dom0 may have.
     */
    // Few tries: each runs a shell process per shell, and CI's time is spent (the words are dense in
    // what a shell would act on, so each try covers many cases).
    @Property(tries = 10)
    void createHandsEveryWordToXlIntactUnderEveryShell(@ForAll("words") List<String> args) throws Exception {
        for (List<String> shell : shells()) {
            // printf as "xl": it prints each argument it got between brackets.
            List<String> xl = List.of("printf", "[%s]\n");
            List<String> createArgs = new ArrayList<>(List.of("create"));
            createArgs.addAll(args);
            Result r = agent(shell, new AgentRequest.Create(xl, createArgs, Optional.empty()));

            assertThat(r.exit()).as("%s: %s", shell, r.err()).isZero();
            AgentOutput out = AgentOutput.of(r.out().getBytes(UTF_8));
            StringBuilder expected = new StringBuilder();
            createArgs.forEach(a -> expected.append('[').append(a).append("]\n"));
            assertThat(String.join("\n", out.linesOf("create")))
                    .as("under %s", shell)
                    .isEqualTo(expected.toString().stripTrailing());
            assertThat(out.linesOf("list")).as("under %s", shell).first().isEqualTo("[list]");
        }
    }

    @Property(tries = 6)
    void fileVerbsTakeAnyNameUnderEveryShell(@ForAll("names") String name) throws Exception {
        // jqwik's tries get no @TempDir: a directory of their own, removed at the end.
        Path dir = Files.createTempDirectory("xtf-harness-agent-test");
        try {
            fileVerbs(dir, name);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void fileVerbs(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "0123456789", UTF_8);
        for (List<String> shell : shells()) {
            Result stat = agent(shell, new AgentRequest.Stat(file.toString()));
            assertThat(stat.out()).as("%s: %s", shell, stat.err()).matches("[0-9]+ [0-9]+ 10 81a4\n");

            Result read = agent(shell, new AgentRequest.Read(file.toString(), 3, 4));
            assertThat(read.out()).as("%s: %s", shell, read.err()).isEqualTo("3456");

            Result list = agent(shell, new AgentRequest.ListDir(dir.toString()));
            assertThat(list.out()).as("under %s", shell).isEqualTo(name + "\0");

            Result mark = agent(shell, new AgentRequest.Mark(dir.toString(), file.toString(), 4));
            assertThat(mark.out()).as("%s: %s", shell, mark.err()).matches("present [0-9]+ [0-9]+ 10 81a4\n6789");

            String lock = dir.resolve(name + ".lock").toString();
            String me = "me " + name.replace('\n', ' ');
            assertThat(agent(shell, new AgentRequest.LockAcquire(lock, me)).exit())
                    .isZero();
            Result held = agent(shell, new AgentRequest.LockAcquire(lock, "another"));
            assertThat(held.exit()).isEqualTo(AgentRequest.LockAcquire.HELD);
            assertThat(held.out()).isEqualTo(me + "\n");
            assertThat(agent(shell, new AgentRequest.LockRelease(lock, "another"))
                            .exit())
                    .isZero();
            assertThat(Path.of(lock)).isDirectory();
            assertThat(agent(shell, new AgentRequest.LockRelease(lock, me)).exit())
                    .isZero();
            assertThat(Path.of(lock)).doesNotExist();
        }
    }

    @Test
    void aCountThatIsNoNumberIsRefusedBeforeAnyArithmetic() throws Exception {
        for (List<String> shell : shells()) {
            List<String> argv = new ArrayList<>(shell);
            argv.addAll(List.of("-c", AgentScript.text(), AgentScript.NAME, "destroy", "x[$(touch pwned)]", "n", "no"));
            Result r = exec(argv);
            assertThat(r.exit()).as("under %s", shell).isEqualTo(2);
            assertThat(r.err()).contains("not a count");
            assertThat(Path.of("pwned")).doesNotExist();
        }
    }

    /**
     * Dropbear, the sshd of a busybox dom0 (the lab's), refuses a command longer than 9000 bytes
     * ({@code MAX_CMD_LEN} in dropbear's {@code sysoptions.h}, 2022.83 as Debian 12 ships it): the
     * longest request, quoted for ssh as the ssh runner quotes it, with long names, stays well under.
     */
    @Test
    void everyRequestFitsDropbearsCommandLimitOverSsh() {
        String path = "/var/log/xen/console/guest-" + "n".repeat(64) + ".log";
        String name = "test-hvm64-" + "x".repeat(53);
        AgentRequest settle = new AgentRequest.Settle(path, 200, 5000, 4096, 64, 1 << 20);
        AgentRequest mark = new AgentRequest.Mark("/var/log/xen/console", path, 64);
        List<AgentRequest> longest = List.of(
                new AgentRequest.Run(
                        List.of("/usr/sbin/xl"),
                        List.of("/usr/bin/xenstore-watch"),
                        32767,
                        name,
                        3600,
                        Optional.of(settle)),
                new AgentRequest.Create(
                        List.of("/usr/sbin/xl"),
                        List.of(
                                "create",
                                "-p",
                                "-f",
                                "/opt/xtf/tests/" + name + "/test-" + name + ".cfg",
                                "name=\"" + name + "\""),
                        Optional.of(mark)),
                new AgentRequest.Destroy(List.of("/usr/sbin/xl"), name, true),
                new AgentRequest.Tree("/opt/xtf/tests", "info.json", 65536),
                new AgentRequest.LockAcquire(
                        "/run/lock/xtf-harness.lock",
                        "pid=1 machine=" + "m".repeat(64) + " started=2026-12-08T00:00:00Z token=" + "t".repeat(36)));
        for (AgentRequest r : longest) {
            String remote = String.join(
                    " ", AgentScript.argv(r).stream().map(PosixShell::quote).toList());
            assertThat(remote.length())
                    .as("%s, quoted for ssh", r.argv().get(0))
                    .isLessThan(7500);
        }
    }

    @Test
    void runsUnderBusybox() throws Exception {
        Fixtures.require(Fixtures.onPath("busybox"), "busybox (Debian package busybox-static): a minimal dom0's sh");
        Result r = agent(List.of("busybox", "sh"), new AgentRequest.Stat(tmp.toString()));
        assertThat(r.out()).as(r.err()).matches("[0-9]+ [0-9]+ [0-9]+ 41[0-9a-f]{2}\n");
    }

    @Provide
    Arbitrary<List<String>> words() {
        return word().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> names() {
        // A file name: no '/' and no NUL; a leading '-' and every shell character allowed.
        return Arbitraries.strings()
                .withChars(HOSTILE.replace("/", ""))
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(n -> !n.equals(".") && !n.equals(".."));
    }

    private static Arbitrary<String> line() {
        return word().map(w -> w.replace('\n', ' '));
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withChars(HOSTILE).ofMaxLength(10);
    }

    @Provide
    Arbitrary<AgentRequest> requests() {
        Arbitrary<List<String>> list = word().list().ofMaxSize(4);
        Arbitrary<List<String>> nonEmpty = word().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Long> n = Arbitraries.longs().between(0, 1L << 40);
        Arbitrary<Integer> i = Arbitraries.integers().between(0, 1 << 20);
        Arbitrary<AgentRequest> mark = Combinators.combine(
                        word(), word(), Arbitraries.integers().between(1, 64))
                .as(AgentRequest.Mark::new);
        Arbitrary<AgentRequest> settle = Combinators.combine(
                        word(), n, n, n, Arbitraries.integers().between(0, 64), n)
                .as((p, q, m, f, fp, k) -> new AgentRequest.Settle(p, q, m, f + fp, fp, k));
        Arbitrary<Optional<AgentRequest>> carried =
                Arbitraries.oneOf(mark, settle).optional().map(o -> o.map(r -> r));
        return Arbitraries.oneOf(
                Combinators.combine(list, list, carried).as(AgentRequest.Create::new),
                Combinators.combine(
                                list, nonEmpty, i, word(), Arbitraries.longs().between(1, 100000), carried)
                        .as(AgentRequest.Run::new),
                Combinators.combine(list, word(), Arbitraries.of(true, false)).as(AgentRequest.Destroy::new),
                mark,
                settle,
                word().map(AgentRequest.Stat::new),
                Combinators.combine(word(), n, n).as(AgentRequest.Read::new),
                word().map(AgentRequest.ListDir::new),
                Combinators.combine(word(), word(), i).as(AgentRequest.Tree::new),
                Combinators.combine(word(), line()).as(AgentRequest.LockAcquire::new),
                Combinators.combine(word(), line()).as(AgentRequest.LockRelease::new),
                word().map(AgentRequest.FindXenconsoled::new),
                Combinators.combine(word(), word(), i).as(AgentRequest.ConsoleNotify::new),
                Combinators.combine(word(), word(), i).as(AgentRequest.ConsolePid::new),
                Combinators.combine(word(), word()).as(AgentRequest.Holds::new));
    }

    /** The shells present of those a dom0 may have; sh is always there. */
    private static List<List<String>> shells() {
        List<List<String>> shells = new ArrayList<>(List.of(List.of("sh")));
        for (String s : List.of("dash", "bash")) {
            if (Fixtures.onPath(s)) {
                shells.add(List.of(s));
            }
        }
        if (Fixtures.onPath("busybox")) {
            shells.add(List.of("busybox", "sh"));
        }
        return shells;
    }

    private static Result agent(List<String> shell, AgentRequest request) throws Exception {
        List<String> argv = new ArrayList<>(shell);
        argv.addAll(
                AgentScript.argv(request).subList(1, AgentScript.argv(request).size()));
        return exec(argv);
    }

    private record Result(int exit, String out, String err) {}

    private static Result exec(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, UTF_8), new String(err, UTF_8));
    }
}
