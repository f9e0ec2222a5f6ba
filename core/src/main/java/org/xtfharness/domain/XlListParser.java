package org.xtfharness.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what {@code xl list} prints.
 *
 * <p>Strict on purpose: a listing is the only evidence that a domain is absent, so a line that
 * cannot be read makes the whole listing unreadable ({@link IllegalArgumentException} naming the
 * line) instead of being skipped, which could hide the very domain asked about.
 *
 * <p>{@code xl list} (tools/xl/xl_info.c) prints the header
 * {@code Name<40 spaces>ID   Mem VCPUs\tState\tTime(s)} and per domain
 * {@code %-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f}: a name that is longer than 40 characters
 * pushes the columns right, so rows are read from the right. The six state letters are
 * {@code r b p s}, the shutdown reason letter from {@code -rscwS} ({@code -} when not shut down,
 * and for poweroff; {@code ?} for a code xl does not know), then {@code d}.
 */
public final class XlListParser {

    private static final Pattern ROW = Pattern.compile(
            "^(?<name>.*\\S)\\s+(?<id>\\d+)\\s+(?<mem>\\d+)\\s+(?<vcpus>\\d+)\\s+(?<state>\\S{6})\\s+(?<time>\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern HEADER = Pattern.compile("^Name\\s+ID\\s+Mem\\s+VCPUs\\s+State\\s+Time\\(s\\).*$");

    private XlListParser() {}

    /**
     * The domains of an {@code xl list} output (header first, one row per domain).
     *
     * @throws IllegalArgumentException if the header is missing or any row cannot be read
     */
    public static List<DomainInfo> parseList(String output) {
        List<String> lines = lines(output);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("xl list printed nothing (not even its header)");
        }
        if (!HEADER.matcher(lines.get(0)).matches()) {
            throw new IllegalArgumentException("xl list output does not start with its header: " + quote(lines.get(0)));
        }
        List<DomainInfo> domains = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            domains.add(parseRow(lines.get(i), i + 1));
        }
        return List.copyOf(domains);
    }

    private static DomainInfo parseRow(String line, int lineNo) {
        Matcher m = ROW.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("unreadable xl list line " + lineNo + ": " + quote(line));
        }
        String state = m.group("state");
        Set<DomainInfo.Flag> flags = EnumSet.noneOf(DomainInfo.Flag.class);
        flag(state, 0, 'r', DomainInfo.Flag.RUNNING, flags, line, lineNo);
        flag(state, 1, 'b', DomainInfo.Flag.BLOCKED, flags, line, lineNo);
        flag(state, 2, 'p', DomainInfo.Flag.PAUSED, flags, line, lineNo);
        flag(state, 3, 's', DomainInfo.Flag.SHUTDOWN, flags, line, lineNo);
        flag(state, 5, 'd', DomainInfo.Flag.DYING, flags, line, lineNo);
        char reasonLetter = state.charAt(4);
        Optional<ShutdownReason> reason;
        if (flags.contains(DomainInfo.Flag.SHUTDOWN)) {
            reason = Optional.of(
                    reasonLetter == '-'
                            ? ShutdownReason.POWEROFF
                            : "rscwS?".indexOf(reasonLetter) >= 0
                                    ? ShutdownReason.fromLetter(reasonLetter)
                                    : invalid(line, lineNo));
        } else if (reasonLetter == '-') {
            reason = Optional.empty();
        } else {
            // xl prints a reason only for a domain that is shut down: anything else is not xl's output.
            throw new IllegalArgumentException(
                    "xl list line " + lineNo + " has a shutdown reason without the shutdown flag: " + quote(line));
        }
        int id;
        try {
            id = Integer.parseInt(m.group("id"));
            return new DomainInfo(m.group("name"), new DomainId(id), flags, reason);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "xl list line " + lineNo + " has an impossible domain id: " + quote(line), e);
        }
    }

    private static ShutdownReason invalid(String line, int lineNo) {
        throw new IllegalArgumentException("xl list line " + lineNo + " has an unknown state letter: " + quote(line));
    }

    private static void flag(
            String state,
            int at,
            char letter,
            DomainInfo.Flag flag,
            Set<DomainInfo.Flag> flags,
            String line,
            int lineNo) {
        char c = state.charAt(at);
        if (c == letter) {
            flags.add(flag);
        } else if (c != '-') {
            throw new IllegalArgumentException("xl list line " + lineNo + " has '" + c + "' where '" + letter
                    + "' or '-' belongs in its state: " + quote(line));
        }
    }

    static List<String> lines(String output) {
        List<String> out = new ArrayList<>();
        for (String l : output.split("\r?\n")) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String quote(String line) {
        String s = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return "\"" + s.replace("\t", "\\t") + "\"";
    }
}
