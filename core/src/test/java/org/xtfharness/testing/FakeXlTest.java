package org.xtfharness.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;

class FakeXlTest {

    @TempDir
    Path tmp;

    @Test
    void writesXtfInstallLayoutWithMergedInfoJson() throws Exception {
        try (FakeXl fake = FakeXl.create(tmp)) {
            Path pv = fake.addXtfTest("selftest", Environment.PV64, "print hi", "poweroff");
            Path hvm = fake.addXtfTest("selftest", "functional", Environment.HVM64, Optional.of("shadow"), "crash");

            Path dir = fake.xtfRoot().resolve("tests/selftest");
            JsonNode info = new ObjectMapper().readTree(dir.resolve("info.json").toFile());
            assertThat(info.get("name").asText()).isEqualTo("selftest");
            assertThat(info.get("category").asText()).isEqualTo("functional");
            assertThat(info.get("environments").toString()).isEqualTo("[\"pv64\",\"hvm64\"]");
            assertThat(info.get("variations").toString()).isEqualTo("[\"shadow\"]");
            assertThat(pv).isEqualTo(dir.resolve("test-pv64-selftest.cfg"));
            assertThat(hvm).isEqualTo(dir.resolve("test-hvm64-selftest~shadow.cfg"));
            assertThat(Files.readString(pv))
                    .contains("name=\"test-pv64-selftest\"")
                    .contains("kernel=\"" + dir.resolve("test-pv64-selftest") + "\"");
            assertThat(Files.readString(hvm)).contains("type=\"hvm\"").contains("on_reboot=\"destroy\"");
            assertThat(fake.xlCommand())
                    .containsExactly(
                            Fixtures.python3().orElseThrow(),
                            fake.root().resolve("bin/xl").toString(),
                            "--state",
                            fake.stateDir().toString());
        }
    }
}
