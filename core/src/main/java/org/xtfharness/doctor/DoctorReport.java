package org.xtfharness.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the doctor found on one host, in the order it checked.
 *
 * @param target where the host is ({@code local}, {@code ssh://...})
 * @param findings the findings
 */
public record DoctorReport(String target, List<Finding> findings) {

    public DoctorReport {
        Objects.requireNonNull(target, "target");
        findings = List.copyOf(findings);
    }

    /** True when no finding is an ERROR: xenconsoled will write the guest logs the runner reads. */
    public boolean consoleCaptureWillWork() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The exit status for a {@code doctor} command: 0 when capture will work, 1 otherwise. */
    public int exitCode() {
        return consoleCaptureWillWork() ? 0 : 1;
    }

    /** The findings of one severity. */
    public List<Finding> withSeverity(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /** The first finding with this code, if any. */
    public Optional<Finding> find(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).findFirst();
    }

    /** A plain-text report for a terminal, one finding per line with its remedy below it. */
    public String toHuman() {
        StringBuilder b = new StringBuilder();
        b.append("xtf-harness doctor: ").append(target).append('\n');
        for (Finding f : findings) {
            b.append(String.format("%-7s %s: %s%n", f.severity(), f.code(), f.message()));
            if (!f.remedy().isEmpty()) {
                b.append("        fix: ").append(f.remedy()).append('\n');
            }
        }
        long errors = withSeverity(Severity.ERROR).size();
        long warnings = withSeverity(Severity.WARNING).size();
        b.append(consoleCaptureWillWork() ? "Console capture will work" : "Console capture will NOT work")
                .append(" (")
                .append(errors)
                .append(" error(s), ")
                .append(warnings)
                .append(" warning(s))\n");
        return b.toString();
    }

    /** The report as JSON: {@code target}, {@code consoleCaptureWillWork}, {@code findings[]}. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("target", target);
        root.put("consoleCaptureWillWork", consoleCaptureWillWork());
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode n = list.addObject();
            n.put("severity", f.severity().name());
            n.put("code", f.code());
            n.put("message", f.message());
            n.put("remedy", f.remedy());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
