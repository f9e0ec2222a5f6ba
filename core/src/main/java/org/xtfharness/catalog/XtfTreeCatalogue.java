package org.xtfharness.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;

/**
 * The catalogue of an XTF tree: {@code DIR/tests/<name>/info.json} for each test, and the cfg file
 * {@code DIR/tests/<name>/test-<env>-<name>[~<variation>].cfg} of each instance.
 *
 * <p>Unlike xtf-runner, which silently drops a test whose {@code info.json} it cannot read, every
 * problem is reported: a test missing from "all tests" is a wrong answer nobody notices. All
 * problems of the tree are collected and thrown together as one {@link ConfigurationException},
 * each naming its file, unless the caller asks to leave broken tests out. The tree is read with
 * one directory listing, one stat and one file read per test, because over ssh each call is a
 * round trip; the stat comes first so that a FIFO or directory named info.json is never opened.
 */
public final class XtfTreeCatalogue {

    /** An info.json is a few hundred bytes; anything near this is not one. */
    static final int MAX_INFO_JSON = 64 * 1024;

    /** The order xtf-runner lists instances in: name, then environment id, then variation. */
    static final Comparator<TestInstance> ORDER = Comparator.comparing(
                    (TestInstance i) -> i.test().name())
            .thenComparing(i -> i.environment().id())
            .thenComparing(i -> i.variation().orElse(""));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private final HostFiles files;
    private final String dir;

    /**
     * @param files how the host's files are read
     * @param xtfDir the XTF directory, the one holding {@code tests/}
     */
    public XtfTreeCatalogue(HostFiles files, String xtfDir) {
        this.files = Objects.requireNonNull(files, "files");
        Objects.requireNonNull(xtfDir, "xtfDir");
        if (xtfDir.isBlank()) {
            throw new ConfigurationException("the XTF directory is empty: name the directory holding tests/");
        }
        // Every cfg path starts with this directory and goes to xl as an argument: a newline or other
        // control character in it can only be a mistake or an attack, and would garble every message.
        if (xtfDir.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new ConfigurationException("the XTF directory " + DomainNames.printable(xtfDir, 300)
                    + " contains a control character: name the directory holding tests/");
        }
        this.dir = xtfDir.length() > 1 && xtfDir.endsWith("/") ? xtfDir.replaceAll("/+$", "") : xtfDir;
    }

    /** Reads the tree, refusing it if any test is broken. */
    public Catalogue load() {
        return load(false);
    }

    /**
     * Reads the tree. A test whose directory is broken (info.json missing, unreadable, not a
     * regular file or wrong; a cfg file missing) makes the whole tree refused, naming every such
     * problem, unless {@code skipBroken}: then, as xtf-runner does, the test is left out and its
     * problems are kept in {@link Catalogue#skipped()}.
     */
    public Catalogue load(boolean skipBroken) {
        if (!files.isDirectory(dir)) {
            throw new ConfigurationException("XTF directory " + dir + " does not exist or is not a directory");
        }
        String testsDir = join(dir, "tests");
        if (!files.isDirectory(testsDir)) {
            throw new ConfigurationException("XTF directory " + dir + " has no tests/ directory: expected " + testsDir
                    + "/<name>/info.json (is it an installed or built XTF tree?)");
        }
        List<String> problems = new ArrayList<>();
        List<TestInstance> instances = new ArrayList<>();
        int tests = 0;
        // Over ssh, one command for the walk instead of three a test.
        HostFiles tree = files.readingAhead(testsDir, "info.json", MAX_INFO_JSON + 1);
        for (String entry : tree.list(testsDir)) {
            String testDir = join(testsDir, entry);
            List<String> testProblems = new ArrayList<>();
            List<TestInstance> testInstances = new ArrayList<>();
            if (entry.indexOf('\uFFFD') >= 0) {
                // The file system's name was not UTF-8 (decoded with U+FFFD): no path reaches it again.
                tests++;
                problems.add(shown(testDir) + ": the directory's name is not UTF-8, so no instance name or "
                        + "path can be made from it: rename it");
                continue;
            }
            try {
                List<String> contents = tree.list(testDir);
                if (contents.isEmpty() && !tree.isDirectory(testDir)) {
                    if (tree.stat(testDir).isPresent()) {
                        continue; // a plain file beside the tests, not a test
                    }
                    // Neither file nor directory once links are followed: a loop or a link to nothing.
                    tests++;
                    problems.add(shown(testDir) + ": cannot be read: a symbolic link loop or a link to nothing");
                    continue;
                }
                tests++;
                readTest(tree, entry, testDir, contents, testProblems, testInstances);
            } catch (InfrastructureException e) {
                // A symbolic link loop, a permission: this test is broken, the others are not.
                tests++;
                testInstances.clear();
                testProblems.add(shown(testDir) + ": cannot be read: " + shown(e.getMessage()));
            }
            // A broken test contributes no instance: half a test would look like a whole one.
            if (testProblems.isEmpty()) {
                instances.addAll(testInstances);
            }
            problems.addAll(testProblems);
        }
        if (!problems.isEmpty() && (!skipBroken || instances.isEmpty())) {
            throw new ConfigurationException("XTF tree " + dir + " has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + ":\n  " + String.join("\n  ", problems)
                    + (skipBroken ? "\n  and no test without a problem to run" : ""));
        }
        if (tests == 0) {
            throw new ConfigurationException("XTF directory " + dir + " has no tests under " + testsDir);
        }
        instances.sort(ORDER);
        return new Catalogue(instances, dir, problems);
    }

    private static void readTest(
            HostFiles files,
            String entry,
            String testDir,
            List<String> contents,
            List<String> problems,
            List<TestInstance> out) {
        // Paths hold the directory entry's name, which may be anything: shown escaped in messages.
        String infoPath = join(testDir, "info.json");
        String shownInfo = shown(infoPath);
        if (!contents.contains("info.json")) {
            problems.add(shownInfo + ": missing (every directory under tests/ must hold a built test)");
            return;
        }
        // Stat before opening: a FIFO would block the read, and a directory is no file to read.
        Optional<FileStat> stat = files.stat(infoPath);
        if (stat.isEmpty() || stat.get().kind() != FileStat.Kind.REGULAR) {
            problems.add(shownInfo
                    + (stat.isEmpty()
                            ? ": a symbolic link to nothing (or it vanished while the tree was read)"
                            : stat.get().kind() == FileStat.Kind.DIRECTORY
                                    ? ": is a directory, not a file"
                                    : ": is not a regular file (a FIFO, socket or device): not read"));
            return;
        }
        JsonNode root;
        try {
            // One byte past the limit tells an oversized file from one at the limit in one read; an
            // oversized info.json is a problem of the tree, reported with the others.
            byte[] bytes = files.read(infoPath, 0, MAX_INFO_JSON + 1);
            if (bytes.length > MAX_INFO_JSON) {
                problems.add(shownInfo + ": larger than " + MAX_INFO_JSON + " bytes, which no info.json is"
                        + " (they are a few hundred): not read");
                return;
            }
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            problems.add(shownInfo + ": malformed JSON" + where + ": " + shown(Messages.json(e)));
            return;
        } catch (IOException e) {
            problems.add(shownInfo + ": unreadable: " + shown(e.getMessage()));
            return;
        }
        if (root == null || root.isMissingNode()) {
            problems.add(shownInfo + ": empty, expected a JSON object");
            return;
        }
        int before = problems.size();
        Optional<TestInfo> info = toInfo(entry, shownInfo, root, problems);
        if (info.isEmpty() || problems.size() > before) {
            return;
        }
        TestInfo test = info.get();
        List<Optional<String>> variations = test.variations().isEmpty()
                ? List.of(Optional.empty())
                : test.variations().stream().map(Optional::of).collect(Collectors.toList());
        for (Environment env : test.environments()) {
            for (Optional<String> variation : variations) {
                String name = TestInstance.nameOf(test.name(), env, variation);
                if (!DomainNames.isValid(name)) {
                    problems.add(shownInfo + ": instance name " + DomainNames.printable(name) + " is not a usable"
                            + " domain name (letters, digits and _.~+- only, at most 64 characters, no '..')");
                    continue;
                }
                String cfg = name + ".cfg";
                if (!contents.contains(cfg)) {
                    problems.add(shown(join(testDir, cfg)) + ": missing cfg file for instance " + name);
                    continue;
                }
                out.add(new TestInstance(test, env, variation, join(testDir, cfg), TestInstance.DEFAULT_TIMEOUT));
            }
        }
    }

    private static Optional<TestInfo> toInfo(String entry, String path, JsonNode root, List<String> problems) {
        if (!root.isObject()) {
            problems.add(path + ": expected a JSON object, found " + kind(root));
            return Optional.empty();
        }
        Optional<String> name = string(root, "name", path, problems);
        Optional<String> categoryId = string(root, "category", path, problems);
        Optional<List<String>> envIds = strings(root, "environments", true, path, problems);
        // info.json files written before variations existed have no such key: no variations.
        Optional<List<String>> variations =
                root.has("variations") ? strings(root, "variations", false, path, problems) : Optional.of(List.of());
        if (name.isEmpty() || categoryId.isEmpty() || envIds.isEmpty() || variations.isEmpty()) {
            return Optional.empty();
        }
        boolean ok = true;
        if (!name.get().equals(entry)) {
            problems.add(path + ": name " + DomainNames.printable(name.get()) + " does not match its directory "
                    + shown(entry));
            ok = false;
        }
        if (name.get().contains("~")) {
            problems.add(path + ": name " + DomainNames.printable(name.get())
                    + " contains '~', which separates a variation");
            ok = false;
        }
        Optional<Category> category = Category.fromId(categoryId.get());
        if (category.isEmpty()) {
            problems.add(path + ": unknown category " + DomainNames.printable(categoryId.get()) + " (valid: "
                    + Arrays.stream(Category.values()).map(Category::id).collect(Collectors.joining(" ")) + ")");
            ok = false;
        }
        List<Environment> envs = new ArrayList<>();
        if (envIds.get().isEmpty()) {
            problems.add(path + ": \"environments\" is empty: a test needs at least one");
            ok = false;
        }
        for (String id : envIds.get()) {
            Optional<Environment> env = Environment.fromId(id);
            if (env.isEmpty()) {
                problems.add(path + ": unknown environment " + DomainNames.printable(id) + " (valid: "
                        + Arrays.stream(Environment.values())
                                .map(Environment::id)
                                .collect(Collectors.joining(" "))
                        + ")");
                ok = false;
            } else if (envs.contains(env.get())) {
                problems.add(path + ": environment " + id + " is listed twice");
                ok = false;
            } else {
                envs.add(env.get());
            }
        }
        Set<String> seen = new HashSet<>();
        for (String v : variations.get()) {
            if (v.isEmpty() || v.contains("~") || !DomainNames.isValid(v)) {
                problems.add(path + ": variation " + DomainNames.printable(v)
                        + " is not usable in a domain name (letters, digits "
                        + "and _.+- only, not starting with punctuation)");
                ok = false;
            } else if (!seen.add(v)) {
                problems.add(path + ": variation " + v + " is listed twice");
                ok = false;
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new TestInfo(name.get(), category.get(), envs, variations.get()));
    }

    private static Optional<String> string(JsonNode root, String key, String path, List<String> problems) {
        JsonNode n = root.get(key);
        if (n == null) {
            problems.add(path + ": no \"" + key + "\"");
            return Optional.empty();
        }
        if (!n.isTextual()) {
            problems.add(path + ": \"" + key + "\" must be a string, found " + kind(n));
            return Optional.empty();
        }
        return Optional.of(n.textValue());
    }

    private static Optional<List<String>> strings(
            JsonNode root, String key, boolean required, String path, List<String> problems) {
        JsonNode n = root.get(key);
        if (n == null) {
            if (required) {
                problems.add(path + ": no \"" + key + "\"");
            }
            return Optional.empty();
        }
        if (!n.isArray()) {
            problems.add(path + ": \"" + key + "\" must be a list of strings, found " + kind(n));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                problems.add(path + ": \"" + key + "\" must hold only strings, found " + kind(e));
                return Optional.empty();
            }
            out.add(e.textValue());
        }
        return Optional.of(out);
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /**
     * A path or message for a problem line: escaped and bounded (generously: paths are longer than
     * names), and quoted only when escaping changed it, so ordinary paths read as they always did.
     */
    private static String shown(String text) {
        String p = DomainNames.printable(text, 300);
        return p.equals("\"" + text + "\"") ? text : p;
    }

    private static String join(String parent, String child) {
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }
}
