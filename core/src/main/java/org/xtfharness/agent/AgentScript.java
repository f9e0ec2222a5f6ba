package org.xtfharness.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private AgentScript() {}

    /** The agent program's text. */
    public static String text() {
        return TEXT;
    }

    /** The request as host command words: {@code sh -c AGENT xtf-harness-agent VERB ARGS...}. */
    public static List<String> argv(AgentRequest request) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", TEXT, NAME));
        argv.addAll(request.argv());
        return List.copyOf(argv);
    }

    /** The request as a host command with the given deadline. */
    public static Command command(AgentRequest request, Duration timeout) {
        return new Command(argv(request), timeout);
    }

    /**
     * The request these host command words carry, if they are an agent request ({@link #argv}'s
     * form, with this agent's text); empty for any other command.
     *
     * @throws IllegalArgumentException if they are the agent's words but no valid request
     */
    public static Optional<AgentRequest> parse(List<String> argv) {
        if (argv.size() < 5
                || !argv.get(0).equals("sh")
                || !argv.get(1).equals("-c")
                || !argv.get(2).equals(TEXT)
                || !argv.get(3).equals(NAME)) {
            return Optional.empty();
        }
        return Optional.of(AgentRequest.parse(argv.subList(4, argv.size())));
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
