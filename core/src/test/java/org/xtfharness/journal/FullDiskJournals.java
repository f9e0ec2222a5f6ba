package org.xtfharness.journal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Journals whose disk fills up, for tests outside this package. */
public final class FullDiskJournals {

    private FullDiskJournals() {}

    /** A new journal whose disk is full once the header and {@code results} result lines are on it. */
    public static Journal fullAfter(Path file, Journal.Header header, int results) {
        return Journal.create(file, header, f -> {
            FullDiskChannel ch = new FullDiskChannel(
                    FileChannel.open(
                            f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    Long.MAX_VALUE);
            ch.fullAfterForces = 1 + results;
            return ch;
        });
    }
}
