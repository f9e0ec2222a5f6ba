package org.xtfharness.console;

import org.xtfharness.host.HostFiles;
import org.xtfharness.process.CommandRunner;

/** The {@link ConsoleSource}s the harness knows. */
public final class ConsoleSources {

    private ConsoleSources() {}

    /** xenconsoled's guest log files, with the default {@link LogCaptureOptions}. */
    public static ConsoleSource xenconsoledLog(HostFiles files, LogLayout layout) {
        return xenconsoledLog(files, layout, LogCaptureOptions.defaults());
    }

    /** xenconsoled's guest log files. */
    public static ConsoleSource xenconsoledLog(HostFiles files, LogLayout layout, LogCaptureOptions options) {
        return new XenconsoledLogSource(files, layout, options, XenconsoledLogSource.DEFAULT_CHUNK);
    }

    /**
     * The live console through xenconsole, run by {@code runner} (which must support
     * {@link CommandRunner#start}); see {@link LiveConsoleOptions} for the handshake and limits.
     */
    public static ConsoleSource live(CommandRunner runner, LiveConsoleOptions options) {
        return new LiveConsoleSource(runner, options);
    }

    /**
     * Captures with both sources: {@code primary}'s capture is the one used, and where
     * {@code check}'s lines differ a note says where (evidence only, never a verdict change).
     */
    public static ConsoleSource crossChecked(ConsoleSource primary, ConsoleSource check) {
        return new CrossCheckedConsoleSource(primary, check);
    }
}
