package org.xtfharness.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;

/**
 * The verdicts of an earlier run, to compare a run with: read from its journal or from a JUnit XML
 * file (ours, or another writer's).
 *
 * @param origin where the verdicts came from, for messages
 * @param verdicts each instance's final verdict, in the order first seen
 */
public record EarlierRun(String origin, Map<String, Verdict> verdicts) {

    public EarlierRun {
        Objects.requireNonNull(origin, "origin");
        verdicts = Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
    }

    /** The instance's verdict in the earlier run, if it had one. */
    public Optional<Verdict> verdict(String instance) {
        return Optional.ofNullable(verdicts.get(instance));
    }

    /**
     * Reads an earlier run from a journal (JSON lines) or a JUnit XML file, told apart by their first
     * character. A journal's last attempt of each instance is its verdict.
     *
     * @throws ConfigurationException naming the file (and line) when it is neither or is malformed
     */
    public static EarlierRun read(Path file) {
        int first;
        try (InputStream in = Files.newInputStream(file)) {
            do {
                first = in.read();
            } while (first == ' '
                    || first == '\t'
                    || first == '\r'
                    || first == '\n'
                    || first == 0xEF
                    || first == 0xBB
                    || first == 0xBF);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("earlier run " + file + " does not exist");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read earlier run " + file + ": " + Messages.reason(e), e);
        }
        if (first == '{') {
            return fromJournal(file);
        }
        if (first == '<') {
            return JUnitResults.read(file);
        }
        throw new ConfigurationException("earlier run " + file + " is neither a journal (JSON lines) nor JUnit XML "
                + (first < 0 ? "(it is empty)" : "(it starts with '" + (char) first + "')"));
    }

    /** An earlier run from a journal: the last attempt of each instance. */
    public static EarlierRun fromJournal(Path file) {
        Map<String, Verdict> m = new LinkedHashMap<>();
        for (TestResult r : Journal.read(file).results()) {
            m.put(r.instance(), r.verdict());
        }
        return new EarlierRun("journal " + file, m);
    }
}
