package org.xtfharness.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtfharness.process.Command;

/**
 * The host agent: one POSIX {@code sh} program ({@code xtf-harness-agent.sh}, a resource beside
 * this class) that holds everything the harness runs on a Xen host besides plain {@code xl},
 * {@code test} and {@code xenstore-read}. A request is sent as {@code sh -c AGENT xtf-harness-agent
 * VERB ARGS...}: the values travel as arguments, never inside the program text, so nothing a user
 * or a guest wrote is parsed by a shell, locally or (word by word quoted) over ssh.
 *
 * <p>{@link #command} writes a request; {@link #parse} reads one back (the drop-in's echo and the
 * simulated host), so no other code knows the argument layout.
 */
public final class AgentScript {

    /** The agent's {@code $0}: the name its messages and a process listing show. */
    public static final String NAME = "xtf-harness-agent";

    private static final String TEXT = load();

    /** Starts each step line; read from the agent's own {@code step='...'} line, its one definition. */
    public static final String STEP = stepMarker(TEXT);

    private static final Pattern VERB_FUNCTION = Pattern.compile("(?ms)^(verb_[a-z_]+)\\(\\) \\{\n.*?^\\}\n");

    /** The helpers: everything before the first verb's function, without comment or blank lines. */
    private static final String PRELUDE;

    /** Each verb's function, by its name, without comment or blank lines. */
    private static final Map<String, String> VERBS = new HashMap<>();

    /** dispatch, and its call, without comment or blank lines. */
    private static final String DISPATCH;

    static {
        Matcher m = VERB_FUNCTION.matcher(TEXT);
        int first = -1;
        int last = 0;
        while (m.find()) {
            first = first < 0 ? m.start() : first;
            last = m.end();
            VERBS.put(m.group(1), bare(m.group()));
        }
        if (first < 0 || !TEXT.substring(last).contains("dispatch() {")) {
            throw new IllegalStateException("xtf-harness-agent.sh has no verb_ functions followed by dispatch");
        }
        // Every piece starts at a line's start, so stripping each once here gives what stripping
        // their concatenation would, and a request costs only the concatenation.
        PRELUDE = bare(TEXT.substring(0, first));
        DISPATCH = bare(TEXT.substring(last));
    }

    private AgentScript() {}

    /** The agent program's whole text, as the resource holds it. */
    public static String text() {
        return TEXT;
    }

    /**
     * The program sent for a request: the helpers, the functions of its verb and of a carried
     * request's verb, and dispatch, without comment or blank lines. Dropbear (a busybox dom0's
     * sshd) refuses a command longer than 9000 bytes ({@code MAX_CMD_LEN} in its {@code
     * sysoptions.h}), and the whole file, quoted word by word for ssh, is longer. Constant for a
     * verb: no value ever enters the text.
     */
    public static String program(AgentRequest request) {
        StringBuilder text = new StringBuilder(PRELUDE);
        for (AgentRequest r = request; r != null; r = carried(r).orElse(null)) {
            String function = VERBS.get("verb_" + r.argv().get(0).replace('-', '_'));
            if (function == null) {
                throw new IllegalStateException(
                        "xtf-harness-agent.sh has no function for " + r.argv().get(0));
            }
            text.append(function);
        }
        return text.append(DISPATCH).toString();
    }

    /** The text without its comment and blank lines, each kept line ended by a newline. */
    private static String bare(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static Optional<AgentRequest> carried(AgentRequest r) {
        if (r instanceof AgentRequest.Create c) {
            return c.carried();
        }
        if (r instanceof AgentRequest.Run run) {
            return run.carried();
        }
        return Optional.empty();
    }

    /** The request as host command words: {@code sh -c PROGRAM xtf-harness-agent VERB ARGS...}. */
    public static List<String> argv(AgentRequest request) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", program(request), NAME));
        argv.addAll(request.argv());
        return List.copyOf(argv);
    }

    /** The request as a host command with the given deadline. */
    public static Command command(AgentRequest request, Duration timeout) {
        return new Command(argv(request), timeout);
    }

    /**
     * The request these host command words carry, if they are an agent request ({@link #argv}'s
     * form, with the agent's program for that request); empty for any other command.
     *
     * @throws IllegalArgumentException if they are the agent's words but no valid request
     */
    public static Optional<AgentRequest> parse(List<String> argv) {
        if (argv.size() < 5
                || !argv.get(0).equals("sh")
                || !argv.get(1).equals("-c")
                || !argv.get(3).equals(NAME)) {
            return Optional.empty();
        }
        AgentRequest request = AgentRequest.parse(argv.subList(4, argv.size()));
        return argv.get(2).equals(program(request)) ? Optional.of(request) : Optional.empty();
    }

    private static String load() {
        try (InputStream in = AgentScript.class.getResourceAsStream("xtf-harness-agent.sh")) {
            if (in == null) {
                throw new IllegalStateException("xtf-harness-agent.sh is missing beside " + AgentScript.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stepMarker(String text) {
        Matcher m = Pattern.compile("(?m)^step='([^']+)'$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("xtf-harness-agent.sh defines no step='...' marker");
        }
        return m.group(1);
    }
}
