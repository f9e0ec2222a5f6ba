package org.xtfharness.osstest;

import java.util.List;
import java.util.Objects;
import org.xtfharness.console.LogLayout;

/**
 * How an osstest-installed Debian Xen host is laid out, as data a host check (doctor) can compare
 * a real host against.
 *
 * @param xencommonsPath the xencommons settings file xenconsoled's options come from
 * @param xenconsoledArgsSetting the line osstest's host setup writes into it
 * @param requiredXenconsoledOptions options the running xenconsoled must have for guest logs to be trustworthy
 * @param overridingVariable a variable that, if set, replaces {@code XENCONSOLED_ARGS} in the SysV
 *        init script and so must be absent
 * @param guestLogs where xenconsoled writes each guest's log
 * @param captureCommands commands whose output osstest's log capture keeps, each as arguments
 */
public record OsstestHostLayout(
        String xencommonsPath,
        String xenconsoledArgsSetting,
        List<String> requiredXenconsoledOptions,
        String overridingVariable,
        LogLayout guestLogs,
        List<List<String>> captureCommands) {

    /** The layout osstest gives its Debian hosts since 2021. */
    public static final OsstestHostLayout DEBIAN = new OsstestHostLayout(
            "/etc/default/xencommons",
            "XENCONSOLED_ARGS=\"--log=guest --timestamp=all\"",
            List.of("--log=guest", "--timestamp=all"),
            "XENCONSOLED_TRACE",
            LogLayout.XENCONSOLED_DEFAULT,
            List.of(List.of("xl", "info"), List.of("xl", "list"), List.of("xenstore-ls", "-fp")));

    public OsstestHostLayout {
        Objects.requireNonNull(xencommonsPath, "xencommonsPath");
        Objects.requireNonNull(xenconsoledArgsSetting, "xenconsoledArgsSetting");
        requiredXenconsoledOptions = List.copyOf(requiredXenconsoledOptions);
        Objects.requireNonNull(overridingVariable, "overridingVariable");
        Objects.requireNonNull(guestLogs, "guestLogs");
        captureCommands = captureCommands.stream().map(List::copyOf).toList();
        if (!xencommonsPath.startsWith("/")) {
            throw new IllegalArgumentException("xencommons path must be absolute: " + xencommonsPath);
        }
    }

    /** The glob osstest's log capture fetches guest logs with, e.g. {@code /var/log/xen/console/*}. */
    public String guestLogGlob() {
        String dir = guestLogs.directory();
        return (dir.endsWith("/") ? dir : dir + "/") + "*";
    }
}
