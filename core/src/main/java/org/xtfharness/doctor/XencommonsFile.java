package org.xtfharness.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of a xencommons file ({@code /etc/default/xencommons} on Debian,
 * {@code /etc/sysconfig/xencommons} on RPM systems and XenServer) with the line each was last set
 * on. The file is shell; this reads the simple {@code NAME=value}, {@code NAME="value"} and
 * {@code export NAME=value} lines such files hold, the last assignment winning as in the shell.
 *
 * @param path the file's path on the host
 * @param variables each variable's value and line
 */
public record XencommonsFile(String path, Map<String, Assignment> variables) {

    /**
     * One variable's last assignment.
     *
     * @param value the value, quotes removed
     * @param line the 1-based line number
     * @param text the line as written
     */
    public record Assignment(String value, int line, String text) {}

    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|'([^']*)'|([^\\s#;]*))\\s*(?:[#;].*)?$");

    public XencommonsFile {
        Objects.requireNonNull(path, "path");
        variables = Map.copyOf(variables);
    }

    /** Parses the text of the file at {@code path}. */
    public static XencommonsFile parse(String path, String text) {
        Map<String, Assignment> vars = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ASSIGNMENT.matcher(lines.get(i));
            if (m.matches()) {
                String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
                vars.put(m.group(1), new Assignment(value, i + 1, lines.get(i).strip()));
            }
        }
        return new XencommonsFile(path, vars);
    }

    /** The variable's last assignment, if it is set. */
    public Optional<Assignment> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The variable's value, empty when unset or set to the empty string. */
    public Optional<String> value(String name) {
        return get(name).map(Assignment::value).filter(v -> !v.isBlank());
    }
}
