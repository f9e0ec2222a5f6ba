package org.xtfharness.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Perl (osstest) and Python (XenRT) examples' own tests, so they run in the Maven build.
 * Each is skipped, with the reason, on a machine without its interpreter.
 */
class ScriptedExamplesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @Test
    void osstestStepPassesItsProveTests() throws Exception {
        assumeTrue(onPath("perl") && onPath("prove"), "perl and prove (TAP::Harness) are not installed");

        Result r = run(EXAMPLES.resolve("osstest"), List.of("prove", "t"));

        assertThat(r.output).contains("All tests successful.").contains("Result: PASS");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void xenrtTestcasePassesItsUnittests() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed");

        Result r = run(EXAMPLES.resolve("xenrt"), List.of("python3", "-m", "unittest", "discover", "-s", "tests"));

        assertThat(r.output).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
        assertThat(r.exit).as(r.output).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
