package org.xtfharness.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a request's words in order. */
final class RequestReader {
    private final List<String> words;
    private int at;

    RequestReader(List<String> words) {
        this.words = words;
    }

    String word() {
        if (at >= words.size()) {
            throw new IllegalArgumentException("agent request ends early: " + words);
        }
        return words.get(at++);
    }

    long number() {
        String w = word();
        if (!w.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("not a number: '" + w + "'");
        }
        return Long.parseLong(w);
    }

    int integer() {
        long n = number();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too large: " + n);
        }
        return (int) n;
    }

    boolean yesNo() {
        String w = word();
        return switch (w) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("not yes or no: '" + w + "'");
        };
    }

    List<String> list() {
        int n = integer();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(word());
        }
        return out;
    }

    /** The rest, as a request of its own, if any. */
    Optional<AgentRequest> carried() {
        if (at >= words.size()) {
            return Optional.empty();
        }
        AgentRequest r = AgentRequest.parse(words.subList(at, words.size()));
        at = words.size();
        return Optional.of(r);
    }

    void end(String verb) {
        if (at != words.size()) {
            throw new IllegalArgumentException(
                    "agent request " + verb + " has extra words: " + words.subList(at, words.size()));
        }
    }
}
