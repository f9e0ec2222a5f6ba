package org.xtfharness.console;

import org.xtfharness.host.HostFiles;

/** The {@link ConsoleSource}s the harness knows. */
public final class ConsoleSources {

    private ConsoleSources() {
    }

    /** xenconsoled's guest log files, with the default {@link LogCaptureOptions}. */
    public static ConsoleSource xenconsoledLog(HostFiles files, LogLayout layout) {
        return xenconsoledLog(files, layout, LogCaptureOptions.defaults());
    }

    /** xenconsoled's guest log files. */
    public static ConsoleSource xenconsoledLog(HostFiles files, LogLayout layout, LogCaptureOptions options) {
        return new XenconsoledLogSource(files, layout, options, XenconsoledLogSource.DEFAULT_CHUNK);
    }
}
