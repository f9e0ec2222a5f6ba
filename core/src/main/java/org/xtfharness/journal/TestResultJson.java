package org.xtfharness.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.Messages;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.TestResult;

/**
 * The JSON form of a {@link TestResult}, field for field, so that decoding an encoded result gives
 * an equal one.
 *
 * <p>Instants are ISO-8601 ({@code 2024-05-01T10:00:00.123456789Z}), durations ISO-8601
 * ({@code PT1.25S}), enums by name, an empty {@code Optional} is {@code null}. Lines are written
 * with every non-ASCII character escaped, so a line is pure ASCII and a lone surrogate from a
 * garbled console survives the round trip.
 */
public final class TestResultJson {

    /** Writes one compact line of ASCII; reads strictly. Shared: Jackson's mapper is thread-safe. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TestResultJson() {}

    /** The result as a JSON object. */
    public static ObjectNode encode(TestResult r) {
        ObjectNode o = NODES.objectNode();
        o.put("instance", r.instance());
        o.put("attempt", r.attempt());
        o.put("started", r.started().toString());
        o.put("duration", r.duration().toString());
        o.set("outcome", encode(r.outcome()));
        o.set("evidence", encode(r.evidence()));
        return o;
    }

    /** The outcome as a JSON object. */
    public static ObjectNode encode(Outcome outcome) {
        ObjectNode o = NODES.objectNode();
        o.put("verdict", outcome.verdict().name());
        o.put("cause", outcome.cause().name());
        o.put("reason", outcome.reason());
        o.set("details", strings(outcome.details()));
        o.put("withWarnings", outcome.withWarnings());
        return o;
    }

    /** The evidence as a JSON object. */
    public static ObjectNode encode(Evidence e) {
        ObjectNode o = NODES.objectNode();
        o.set("consoleExcerpt", strings(e.consoleExcerpt()));
        o.put("consoleOrigin", e.consoleOrigin());
        o.put("consoleLocation", e.consoleLocation().map(Enum::name).orElse(null));
        o.put("consoleBytes", e.consoleBytes());
        o.put("domainState", e.domainState().orElse(null));
        o.put("domainDetails", e.domainDetails().orElse(null));
        o.put("hypervisorLog", e.hypervisorLog().orElse(null));
        o.set("notes", strings(e.notes()));
        return o;
    }

    /** The result as one line of JSON, without a line end. */
    public static String toLine(TestResult r) {
        return write(encode(r));
    }

    /** Parses a line written by {@link #toLine}. */
    public static TestResult fromLine(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("malformed JSON: " + Messages.json(e), e);
        }
        return decode(node);
    }

    /**
     * Decodes a result.
     *
     * @throws ConfigurationException naming the field that is missing or wrong
     */
    public static TestResult decode(JsonNode node) {
        requireObject(node, "result");
        try {
            return new TestResult(
                    text(node, "instance"),
                    decodeOutcome(field(node, "outcome")),
                    Instant.parse(text(node, "started")),
                    Duration.parse(text(node, "duration")),
                    integer(node, "attempt"),
                    decodeEvidence(field(node, "evidence")));
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("bad time in result: " + e.getParsedString(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException("invalid result: " + e.getMessage(), e);
        }
    }

    private static Outcome decodeOutcome(JsonNode node) {
        requireObject(node, "outcome");
        JsonNode warnings = field(node, "withWarnings");
        if (!warnings.isBoolean()) {
            throw new ConfigurationException("\"withWarnings\" must be true or false");
        }
        return new Outcome(
                enumValue(Verdict.class, text(node, "verdict"), "verdict"),
                enumValue(Cause.class, text(node, "cause"), "cause"),
                text(node, "reason"),
                stringList(node, "details"),
                warnings.booleanValue());
    }

    private static Evidence decodeEvidence(JsonNode node) {
        requireObject(node, "evidence");
        JsonNode bytes = field(node, "consoleBytes");
        if (!bytes.canConvertToLong() || !bytes.isIntegralNumber()) {
            throw new ConfigurationException("\"consoleBytes\" must be an integer");
        }
        return new Evidence(
                stringList(node, "consoleExcerpt"),
                text(node, "consoleOrigin"),
                optionalText(node, "consoleLocation")
                        .map(s -> enumValue(ConsoleCapture.Location.class, s, "consoleLocation")),
                bytes.longValue(),
                optionalText(node, "domainState"),
                optionalText(node, "domainDetails"),
                optionalText(node, "hypervisorLog"),
                stringList(node, "notes"));
    }

    /** Any JSON tree as one line of ASCII, non-ASCII characters escaped, without a line end. */
    public static String line(JsonNode node) {
        return write(node);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ConfigurationException("\"" + what + "\" must be a JSON object");
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new ConfigurationException("missing \"" + name + "\"");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw new ConfigurationException("\"" + name + "\" must be a string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new ConfigurationException("\"" + name + "\" must be a string or null");
        }
        return Optional.of(v.textValue());
    }

    private static int integer(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isInt()) {
            throw new ConfigurationException("\"" + name + "\" must be an integer");
        }
        return v.intValue();
    }

    private static List<String> stringList(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isArray()) {
            throw new ConfigurationException("\"" + name + "\" must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new ConfigurationException("\"" + name + "\" must hold only strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String name) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("unknown " + name + " \"" + value + "\"");
        }
    }
}
