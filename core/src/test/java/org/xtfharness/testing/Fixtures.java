package org.xtfharness.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one way a test requires a tool of the machine (python3, sshd, tmux, Chromium, prove): where
 * it is missing the test is skipped with the reason, except in CI ({@code CI=true}), where a
 * missing fixture fails the test, so a green CI run proves that every such test ran.
 */
public final class Fixtures {

    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private static final Optional<String> PYTHON3 = resolvePython3();

    private Fixtures() {}

    /** Skips the calling test (fails it in CI) unless {@code available}; {@code missing} says what is missing. */
    public static void require(boolean available, String missing) {
        require(available, () -> missing);
    }

    /** As {@link #require(boolean, String)}, the reason computed only when needed. */
    public static void require(boolean available, Supplier<String> missing) {
        if (!available) {
            unavailable(missing.get());
        }
    }

    /** Skips the calling test (fails it in CI) because a fixture is missing; never returns. */
    public static void unavailable(String missing) {
        unavailable(missing, CI);
    }

    static void unavailable(String missing, boolean ci) {
        if (ci) {
            Assertions.fail("CI=true, so a missing test fixture is a failure: " + missing);
        }
        Assumptions.abort(missing);
    }

    /** Whether an executable named {@code program} is on the PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Python 3 interpreter the fakes run under, as an absolute path, resolved once per JVM.
     * The fakes start it thousands of times, and {@code python3} on the PATH may be a pyenv shim (a
     * bash script costing about 0.4 CPU-s a start, ten times the interpreter's own), so
     * {@code /usr/bin/python3} comes first, else whatever {@code python3} on the PATH resolves to.
     */
    public static Optional<String> python3() {
        return PYTHON3;
    }

    /** {@link #python3()}, or skips the calling test (fails it in CI) without one. */
    public static String requirePython3() {
        require(PYTHON3.isPresent(), "python3 (with fcntl and json) is not installed; the fake Xen tools need it");
        return PYTHON3.orElseThrow();
    }

    private static Optional<String> resolvePython3() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import fcntl, json, sys; print(sys.executable)")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith("/")) {
                    return Optional.of(out);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
