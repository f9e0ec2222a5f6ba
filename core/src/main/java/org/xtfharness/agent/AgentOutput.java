package org.xtfharness.agent;

import com.google.common.primitives.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a multi-step agent request ({@code create}, {@code run}, {@code destroy}) printed: the
 * lines after each step line ({@link AgentScript#STEP} and the step's name), and the carried
 * request's output, any bytes, after the {@code carried} step line. The one reader of the framing,
 * and, through {@link #stepLine}, its one Java writer.
 *
 * @param steps each step seen, in order, with the text lines printed after it
 * @param carried what the carried request printed, if its step was reached
 */
public record AgentOutput(Map<String, List<String>> steps, Optional<byte[]> carried) {

    private static final byte[] CARRIED = ("\n" + AgentScript.STEP + " carried\n").getBytes(StandardCharsets.US_ASCII);

    /** Copies the steps. */
    public AgentOutput {
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** The step line the agent prints before the named step, with its line end. */
    public static String stepLine(String step) {
        return AgentScript.STEP + " " + step + "\n";
    }

    /** Reads an agent's stdout. */
    public static AgentOutput of(byte[] stdout) {
        byte[] probe = new byte[stdout.length + 1];
        probe[0] = '\n';
        System.arraycopy(stdout, 0, probe, 1, stdout.length);
        int at = Bytes.indexOf(probe, CARRIED);
        if (at < 0) {
            return new AgentOutput(steps(new String(stdout, StandardCharsets.UTF_8)), Optional.empty());
        }
        // at indexes probe, one byte ahead of stdout: stdout[0, at - 1) is the text before the step line.
        String text = new String(stdout, 0, Math.max(0, at - 1), StandardCharsets.UTF_8) + "\n" + stepLine("carried");
        byte[] rest = Arrays.copyOfRange(stdout, at - 1 + CARRIED.length, stdout.length);
        return new AgentOutput(steps(text), Optional.of(rest));
    }

    /** Whether the agent reached the named step. */
    public boolean reached(String step) {
        return steps.containsKey(step);
    }

    /** The lines printed after the named step (empty if it was not reached). */
    public List<String> linesOf(String step) {
        return steps.getOrDefault(step, List.of());
    }

    private static Map<String, List<String>> steps(String stdout) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(AgentScript.STEP + " ")) {
                current = new ArrayList<>();
                steps.put(line.substring(AgentScript.STEP.length() + 1).strip(), current);
            } else {
                current.add(line);
            }
        }
        return steps;
    }
}
