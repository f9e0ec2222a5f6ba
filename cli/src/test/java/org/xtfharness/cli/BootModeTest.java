package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.testing.FakeQemu;
import org.xtfharness.testing.Fixtures;

/** {@code run --boot}: an XTF tree on this machine, one (fake) QEMU per instance, the usual outputs. */
class BootModeTest {

    private static final String HALTED = "(XEN) Hardware Dom0 halted: halting machine";

    @TempDir
    Path dir;

    private Path qemu;
    private Path xen;
    private Path tree;

    @BeforeEach
    void tree() throws IOException {
        Fixtures.require(Fixtures.onPath("bash"), "bash, which the fake QEMU is written in");
        qemu = FakeQemu.write(dir);
        xen = Files.write(dir.resolve("xen"), new byte[] {0x7f, 'E', 'L', 'F', 2});
        tree = dir.resolve("xtf");
        Map<String, List<String>> tests = new LinkedHashMap<>();
        tests.put("pass", List.of("--- Xen Test Framework ---", "Test result: SUCCESS", HALTED));
        tests.put("fail", List.of("--- Xen Test Framework ---", "Fail: no", "Test result: FAILURE", HALTED));
        tests.put(
                "crash",
                List.of("Test result: SUCCESS", "(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds."));
        for (Map.Entry<String, List<String>> t : tests.entrySet()) {
            Path d = Files.createDirectories(tree.resolve("tests").resolve(t.getKey()));
            Files.writeString(
                    d.resolve("info.json"),
                    "{\"name\": \"" + t.getKey()
                            + "\", \"category\": \"functional\", \"environments\": [\"pv64\", \"hvm64\", \"pv32pae\"], "
                            + "\"variations\": []}");
            for (String env : List.of("pv64", "hvm64", "pv32pae")) {
                String id = "test-" + env + "-" + t.getKey();
                Path binary = Files.write(d.resolve(id), t.getValue());
                Files.writeString(d.resolve(id + ".cfg"), "name=\"" + id + "\"\nkernel=\"" + binary + "\"\n");
            }
        }
    }

    @Test
    void runsEveryInstanceInItsOwnQemuAndReportsAsForAnXlHost() throws IOException {
        Path json = dir.resolve("results.jsonl");
        Path junit = dir.resolve("junit.xml");
        Captured c = capture(() -> Main.execute(
                "run",
                "--boot",
                xen.toString(),
                "--qemu",
                qemu.toString(),
                "--xtf-dir",
                tree.toString(),
                "--all",
                "-j",
                "2",
                "--no-progress",
                "--json-lines",
                json.toString(),
                "--junit",
                junit.toString(),
                "--journal",
                dir.resolve("journal").toString()));

        assertThat(c.exit()).as(c.err()).isEqualTo(6);
        assertThat(c.err()).contains("9 instance(s) on boot mode: xen under " + qemu);
        List<String> verdicts = new ArrayList<>();
        for (String line : Files.readAllLines(json)) {
            if (line.contains("\"type\":\"summary\"")) {
                continue;
            }
            verdicts.add(line.replaceAll(".*\"instance\":\"([^\"]*)\".*\"verdict\":\"([A-Z]*)\".*", "$1 $2"));
        }
        assertThat(verdicts)
                .containsExactlyInAnyOrder(
                        "test-pv64-pass SUCCESS",
                        "test-hvm64-pass SUCCESS",
                        "test-pv64-fail FAILURE",
                        "test-hvm64-fail FAILURE",
                        "test-pv64-crash CRASH",
                        "test-hvm64-crash CRASH",
                        "test-pv32pae-pass SKIP",
                        "test-pv32pae-fail SKIP",
                        "test-pv32pae-crash SKIP");
        assertThat(Files.readString(junit)).contains("xen-3.0-x86_32p");
    }

    @Test
    void refusesBootModeWithTheSimulatedHostOrAnUnknownAccelerator() {
        Captured sim = capture(() -> Main.execute("run", "--boot", xen.toString(), "--simulate", "--all"));
        assertThat(sim.exit()).isNotZero();
        assertThat(sim.err()).contains("--boot runs QEMU on this machine");

        Captured accel = capture(() ->
                Main.execute("run", "--boot", xen.toString(), "--accel", "hvf", "--xtf-dir", tree.toString(), "--all"));
        assertThat(accel.exit()).isNotZero();
        assertThat(accel.err()).contains("--accel takes tcg or kvm, not 'hvf'").doesNotContain("Exception");
    }
}
