package org.xtfharness.xenrt;

import java.util.List;
import java.util.Objects;
import org.xtfharness.console.LogLayout;

/**
 * How a XenServer host as XenRT tests it is laid out, as data a host check (doctor) can compare a
 * real host against.
 *
 * @param xencommonsPath the xencommons settings file
 * @param systemdUnit the unit xenconsoled runs as; it passes {@code --log=${XENCONSOLED_TRACE}
 *        --log-dir=${XENCONSOLED_LOG_DIR} $XENCONSOLED_ARGS}
 * @param traceVariable the variable that chooses what xenconsoled logs
 * @param acceptableTraceValues values of it under which guest logs are written
 * @param logDirVariable the variable that moves the log directory
 * @param guestLogs where guest logs may be, the expected place first
 */
public record XenrtHostLayout(
        String xencommonsPath,
        String systemdUnit,
        String traceVariable,
        List<String> acceptableTraceValues,
        String logDirVariable,
        List<LogLayout> guestLogs) {

    /** XenServer: RPM-style config, xenconsoled under systemd, guest logs seen directly under /var/log/xen. */
    public static final XenrtHostLayout XENSERVER = new XenrtHostLayout(
            "/etc/sysconfig/xencommons",
            "xenconsoled.service",
            "XENCONSOLED_TRACE",
            List.of("guest", "all"),
            "XENCONSOLED_LOG_DIR",
            List.of(new LogLayout("/var/log/xen", "guest-%s.log"), LogLayout.XENCONSOLED_DEFAULT));

    public XenrtHostLayout {
        Objects.requireNonNull(xencommonsPath, "xencommonsPath");
        Objects.requireNonNull(systemdUnit, "systemdUnit");
        Objects.requireNonNull(traceVariable, "traceVariable");
        acceptableTraceValues = List.copyOf(acceptableTraceValues);
        Objects.requireNonNull(logDirVariable, "logDirVariable");
        guestLogs = List.copyOf(guestLogs);
        if (guestLogs.isEmpty()) {
            throw new IllegalArgumentException("a host layout needs at least one guest log location");
        }
    }

    /**
     * The lasting form of what XenRT's ring0xen testcase does by hand before it runs XTF (it starts
     * {@code xenconsoled --log=all}, exec/testcases ring0xen.py:42): one line, for doctor to offer
     * when a host writes no guest logs.
     */
    public String guestLoggingRemedy() {
        return "set " + traceVariable + "=" + acceptableTraceValues.get(0) + " in " + xencommonsPath
                + " and run `systemctl restart " + systemdUnit + "` (XenRT's ring0xen instead starts"
                + " `xenconsoled --log=all` by hand, which lasts until the next reboot)";
    }

    /** Where guest logs are expected. */
    public LogLayout expectedGuestLogs() {
        return guestLogs.get(0);
    }
}
