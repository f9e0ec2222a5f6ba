package org.xtfharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.LoopbackSshd;

/**
 * Fault matrix, the ssh connection drops while a guest runs: the sshd on 127.0.0.1 stops (every
 * session and the control master die with it) and comes back once the runner has given up on the
 * instance. The instance is an infrastructure ERROR, journalled; the domain the runner could not
 * destroy during the outage is destroyed by its end-of-run sweep once the connection is back.
 */
class FaultMatrixSshDropTest {

    @RegisterExtension
    static final LoopbackSshd sshd = new LoopbackSshd();

    private static XenHost host;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() {
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (host != null) {
            Hosts.close(host);
        }
    }

    @Test
    void droppedConnectionMidTestIsAnInfrastructureErrorAndTheSweepDestroysTheDomainOnceItIsBack() throws Exception {
        try (FaultMatrix m = new FaultMatrix(tmp, host)) {
            String victim = m.add("a-victim", "print running", "sleep 60000", "print Test result: SUCCESS", "poweroff");
            String after = m.add("b-after", "print Test result: SUCCESS", "poweroff");
            Path log = m.fake.guestLog(victim);
            String nonce = m.nonce(victim);
            RunListener outage = new RunListener() {
                @Override
                public void instanceStarted(TestInstance instance, int attempt) {
                    if (instance.name().equals(victim)) {
                        Thread t = new Thread(() -> dropWhenRunning(log, nonce));
                        t.setDaemon(true);
                        t.start();
                    }
                }

                @Override
                public void instanceFinished(TestResult r) {
                    if (r.instance().equals(victim)) {
                        try {
                            sshd.startServer();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };

            RunSummary s = m.run(m.instances(Duration.ofSeconds(90)), List.of(), outage);

            TestResult r = m.result(victim);
            assertThat(r.verdict()).as(r.outcome().toString()).isEqualTo(Verdict.ERROR);
            assertThat(r.outcome().cause()).isEqualTo(Cause.INFRASTRUCTURE);
            assertThat(r.outcome().reason()).contains("ssh");
            assertThat(m.result(after).verdict()).isEqualTo(Verdict.SUCCESS);
            assertThat(s.notRun()).isEmpty();
            m.assertThreeZeros();
        }
    }

    private static void dropWhenRunning(Path log, String nonce) {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && !(Files.exists(log)
                            && Files.readString(log, StandardCharsets.ISO_8859_1)
                                    .contains(nonce))) {
                Thread.sleep(50);
            }
            sshd.stopServer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
