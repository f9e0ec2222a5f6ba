package org.xtfharness.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.xtfharness.doctor.Doctor;
import org.xtfharness.doctor.DoctorOptions;
import org.xtfharness.doctor.DoctorReport;
import org.xtfharness.doctor.Finding;
import org.xtfharness.doctor.Severity;
import org.xtfharness.domain.DomainController;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.HarnessException;
import org.xtfharness.host.XenHost;
import org.xtfharness.result.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xtf-harness doctor}: will console capture work on this host? */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Check that xenconsoled logs guests where the runner will read them, and say how to fix it if not. "
                        + "Exit 0 when console capture will work, 1 otherwise.",
        footer = {
            "",
            "Examples:",
            "  xtf-harness doctor",
            "  xtf-harness doctor --host-target ssh://root@xenhost --json",
            "  xtf-harness doctor --domain test-pv64-example"
        })
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--domain", paramLabel = "NAME", description = "Also check this running domain's console tty.")
    String domain;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() {
        DoctorReport report;
        try (Session s = Session.open(host, System.err)) {
            if (s.boot()) {
                throw new ConfigurationException(
                        "--boot is for `xtf-harness run` (and list/show): boot mode has no xl host");
            }
            report = inspect(s.host, s.domains, host, domain);
        } catch (HarnessException e) {
            if (!json || e instanceof ConfigurationException) {
                throw e;
            }
            // A script asked for JSON: it gets a document even when the host cannot be inspected.
            report = new DoctorReport(
                    host.hostTarget,
                    List.of(new Finding(
                            Severity.ERROR,
                            "HOST_NOT_INSPECTED",
                            Outcome.oneLine(e.getMessage()),
                            "check that the host is reachable (--host-target) and has xl (--xl)")));
            System.err.println("xtf-harness: " + Outcome.oneLine(e.getMessage()));
        }
        System.out.print(json ? report.toJson() + "\n" : report.toHuman());
        StandardOutput.check(System.out, "the doctor's report");
        return report.exitCode();
    }

    /** The doctor on the host, reading {@code xl info} through {@code domains} and checking the log layout given. */
    static DoctorReport inspect(XenHost h, DomainController domains, HostOptions host, String domain) {
        DoctorOptions.Builder b = DoctorOptions.builder().xlCommand(host.xl).logLayout(host.logLayout());
        if (domain != null) {
            b.domain(domain);
        }
        return Doctor.inspect(h, b.build(), domains);
    }
}
