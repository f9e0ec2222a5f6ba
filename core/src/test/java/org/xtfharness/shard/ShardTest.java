package org.xtfharness.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtfharness.error.ConfigurationException;

class ShardTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0/0|not 0",
                "3/2|numbered 1 to 2, not 3",
                "0/2|numbered 1 to 2, not 0",
                "-1/2|takes K/N",
                "1/999999999|1 to 1000 shards, not 999999999",
                "1/99999999999999999999999|1 to 1000 shards, not 99999999999999999999999",
                "abc|takes K/N",
                "1/2/3|takes K/N",
                "' 1/2'|takes K/N",
                "1/|takes K/N",
                "１/２|takes K/N"
            })
    void hostileShardsAreRefusedNamingTheOptionAndTheProblem(String text, String says) {
        assertThatThrownBy(() -> Shard.parse(text, "--shard"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--shard ")
                .hasMessageContaining(says);
    }

    @Test
    void everyShardOfEveryCountParsesBackToItself() {
        for (int n = 1; n <= Shard.MAX_TOTAL; n += n < 20 ? 1 : 97) {
            for (int k = 1; k <= n; k++) {
                Shard s = new Shard(k, n);
                assertThat(Shard.parse(s.toString(), "--shard")).isEqualTo(s);
                assertThat(Shard.parse("0" + k + "/" + n, "--shard")).isEqualTo(s);
            }
        }
    }

    @Test
    void anyTextIsAShardOrAConfigurationErrorAndNothingElse() {
        Random r = new Random(25);
        String alphabet = "0123456789/-+ .x\u0000\u202eK";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = r.nextInt(12); j > 0; j--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            Throwable t = catchThrowable(() -> Shard.parse(b.toString(), "--shard"));
            if (t != null) {
                assertThat(t).isInstanceOf(ConfigurationException.class);
                assertThat(t.getMessage()).doesNotContain("\u0000").doesNotContain("\u202e");
            }
        }
    }
}
