package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;

class RetryPolicyTest {

    @ParameterizedTest(name = "{0} {1}: retried {2}")
    @CsvSource({
        "CRASH, DOMAIN_CRASHED, true",
        "CRASH, DOMAIN_REBOOTED, true",
        "CRASH, TIMED_OUT, true",
        "CRASH, NO_RESULT, true",
        "ERROR, INFRASTRUCTURE, true",
        "ERROR, HARNESS_TIMEOUT, true",
        "ERROR, CONFIGURATION, false",
        "ERROR, GUEST_REPORTED, false",
        "ERROR, VANISHED, false",
        "ERROR, INTERRUPTED, false",
        "SKIP, HOST_UNSUPPORTED, false",
        "FAILURE, GUEST_REPORTED, false",
        "SUCCESS, GUEST_REPORTED, false"
    })
    void retriesOnlyCrashesAndFailuresOfTheMachinery(Verdict verdict, Cause cause, boolean retried) {
        TestResult r = SampleResults.result("test-pv64-x", Outcome.of(verdict, cause, "r"), Evidence.none(List.of()));
        assertThat(Runner.retryable(r)).isEqualTo(retried);
    }
}
