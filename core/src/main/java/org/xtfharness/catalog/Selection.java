package org.xtfharness.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.error.ConfigurationException;

/**
 * A selection of test instances in xtf-runner's grammar.
 *
 * <p>Each argument is one of:
 * <ul>
 *   <li>a category: {@code functional xsa special utility in-development}; {@code --all} (or
 *       {@code -a}) means {@code functional xsa}, {@code --non-default} the other three;</li>
 *   <li>an environment: {@code pv64 pv32pae hvm64 hvm32pae hvm32pse hvm32}, or the
 *       pseudo-environments {@code pv} (both PV ones) and {@code hvm} (all four HVM ones);</li>
 *   <li>a test: {@code [[test-]ENV-]NAME[~VARIATION]}; without an environment it means every
 *       environment of the test, without a variation every variation.</li>
 * </ul>
 * Arguments of one kind are united; the kinds are intersected. As in xtf-runner, environments
 * given without any category mean the default categories ({@code functional xsa}), unless a test
 * is also named, in which case the names decide. No arguments select nothing.
 *
 * <p>Where xtf-runner falls back to "the names verbatim" or "all categories" because an
 * intersection came out empty, this class keeps the plain intersection: {@code utility pv64} on a
 * tree without utility tests selects nothing, not every pv64 test.
 */
public final class Selection {

    /** No argument can be longer than an instance name, and those are domain names: at most 64. */
    static final int MAX_ARGUMENT = 64;

    private final Set<Category> categories;
    private final Set<Environment> environments;
    private final List<String> names;
    private final List<String> args;

    private Selection(Set<Category> categories, Set<Environment> environments, List<String> names, List<String> args) {
        this.categories = Collections.unmodifiableSet(categories);
        this.environments = Collections.unmodifiableSet(environments);
        this.names = List.copyOf(names);
        this.args = List.copyOf(args);
    }

    /**
     * Sorts the arguments into categories, environments and test names. Names are checked
     * against a catalogue only by {@link #apply(Catalogue)}.
     *
     * @throws ConfigurationException for an unknown option, or an argument that is empty, unprintable or
     *     longer than any instance name
     */
    public static Selection parse(List<String> args) {
        Objects.requireNonNull(args, "args");
        Set<Category> cats = EnumSet.noneOf(Category.class);
        Set<Environment> envs = EnumSet.noneOf(Environment.class);
        Set<String> names = new LinkedHashSet<>();
        for (String arg : args) {
            if (arg == null || arg.isEmpty()) {
                throw new ConfigurationException("empty argument in the test selection");
            }
            // Checked first, so no message below ever echoes a control character or a flood.
            if (arg.length() > MAX_ARGUMENT) {
                throw new ConfigurationException("test selection argument of " + arg.length() + " characters, "
                        + "longer than any instance name can be (" + MAX_ARGUMENT + "): "
                        + DomainNames.printable(arg));
            }
            if (arg.codePoints()
                    .anyMatch(c -> c <= 0x20
                            || Character.isSpaceChar(c)
                            || Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT)) {
                throw new ConfigurationException(
                        "test selection argument contains a space or control character: " + DomainNames.printable(arg));
            }
            if (arg.equals("--all") || arg.equals("-a")) {
                Arrays.stream(Category.values()).filter(Category::isDefault).forEach(cats::add);
                continue;
            }
            if (arg.equals("--non-default")) {
                Arrays.stream(Category.values()).filter(c -> !c.isDefault()).forEach(cats::add);
                continue;
            }
            if (arg.startsWith("-")) {
                throw new ConfigurationException(
                        "unknown selection option '" + arg + "' (valid: --all, -a, --non-default)");
            }
            Optional<Category> cat = Category.fromId(arg);
            Optional<Environment> env = Environment.fromId(arg);
            if (cat.isPresent()) {
                cats.add(cat.get());
            } else if (env.isPresent()) {
                envs.add(env.get());
            } else if (arg.equals("pv")) {
                Arrays.stream(Environment.values()).filter(Environment::isPv).forEach(envs::add);
            } else if (arg.equals("hvm")) {
                Arrays.stream(Environment.values()).filter(Environment::isHvm).forEach(envs::add);
            } else {
                names.add(arg);
            }
        }
        return new Selection(cats, envs, new ArrayList<>(names), args);
    }

    /** True when nothing was asked for: no category, environment or name. */
    public boolean isEmpty() {
        return categories.isEmpty() && environments.isEmpty() && names.isEmpty();
    }

    /** The categories asked for, {@code --all} and {@code --non-default} expanded. */
    public Set<Category> categories() {
        return categories;
    }

    /** The environments asked for, {@code pv} and {@code hvm} expanded. */
    public Set<Environment> environments() {
        return environments;
    }

    /** The test-name arguments, as given. */
    public List<String> names() {
        return names;
    }

    /**
     * The selected instances of a catalogue, in the catalogue's order.
     *
     * @throws ConfigurationException naming an argument that matches nothing in the catalogue, with
     *     the closest valid name
     */
    public List<TestInstance> apply(Catalogue catalogue) {
        Objects.requireNonNull(catalogue, "catalogue");
        if (isEmpty()) {
            return List.of();
        }
        Set<String> named = new LinkedHashSet<>();
        for (String arg : names) {
            named.addAll(resolve(arg, catalogue));
        }
        Set<Category> cats = categories;
        if (cats.isEmpty() && names.isEmpty()) {
            // Environments alone: the default categories, as xtf-runner does.
            cats = EnumSet.noneOf(Category.class);
            for (Category c : Category.values()) {
                if (c.isDefault()) {
                    cats.add(c);
                }
            }
        }
        List<TestInstance> out = new ArrayList<>();
        for (TestInstance i : catalogue.instances()) {
            if (!cats.isEmpty() && !cats.contains(i.test().category())) {
                continue;
            }
            if (!environments.isEmpty() && !environments.contains(i.environment())) {
                continue;
            }
            if (!names.isEmpty() && !named.contains(i.name())) {
                continue;
            }
            out.add(i);
        }
        return out;
    }

    /** The instance names one name argument means, following xtf-runner's parse of {@code [[test-]ENV-]NAME[~VAR]}. */
    private static List<String> resolve(String arg, Catalogue catalogue) {
        String rest = arg;
        Optional<String> variation = Optional.empty();
        int tilde = rest.indexOf('~');
        if (tilde >= 0) {
            variation = Optional.of(rest.substring(tilde + 1));
            rest = rest.substring(0, tilde);
        }
        Optional<Environment> env = Optional.empty();
        String name;
        String[] parts = rest.split("-", 3);
        if (parts.length == 3
                && parts[0].equals("test")
                && Environment.fromId(parts[1]).isPresent()) {
            env = Environment.fromId(parts[1]);
            name = parts[2];
        } else if (parts.length > 1 && Environment.fromId(parts[0]).isPresent()) {
            env = Environment.fromId(parts[0]);
            name = rest.substring(parts[0].length() + 1);
        } else {
            name = rest;
        }
        Optional<TestInfo> test =
                catalogue.tests().stream().filter(t -> t.name().equals(name)).findFirst();
        if (test.isEmpty()) {
            throw unknown(arg, "no test named '" + name + "'", catalogue);
        }
        TestInfo info = test.get();
        if (env.isPresent() && !info.environments().contains(env.get())) {
            throw unknown(
                    arg,
                    "test '" + name + "' has no environment " + env.get().id() + " (it has: "
                            + info.environments().stream().map(Environment::id).collect(Collectors.joining(" ")) + ")",
                    catalogue);
        }
        if (variation.isPresent()) {
            if (info.variations().isEmpty()) {
                throw unknown(arg, "test '" + name + "' has no variations", catalogue);
            }
            if (!info.variations().contains(variation.get())) {
                throw unknown(
                        arg,
                        "test '" + name + "' has no variation '" + variation.get() + "' (it has: "
                                + String.join(" ", info.variations()) + ")",
                        catalogue);
            }
        }
        Optional<Environment> wantedEnv = env;
        Optional<String> wantedVariation = variation;
        return catalogue.instances().stream()
                .filter(i -> i.test().name().equals(name))
                .filter(i -> wantedEnv.isEmpty() || i.environment() == wantedEnv.get())
                .filter(i -> wantedVariation.isEmpty() || i.variation().equals(wantedVariation))
                .map(TestInstance::name)
                .collect(Collectors.toList());
    }

    private static ConfigurationException unknown(String arg, String why, Catalogue catalogue) {
        Set<String> candidates = new LinkedHashSet<>();
        catalogue.tests().forEach(t -> candidates.add(t.name()));
        for (TestInstance i : catalogue.instances()) {
            candidates.add(i.name());
            candidates.add(i.name().substring("test-".length()));
        }
        Arrays.stream(Category.values()).forEach(c -> candidates.add(c.id()));
        Arrays.stream(Environment.values()).forEach(e -> candidates.add(e.id()));
        candidates.add("pv");
        candidates.add("hvm");
        String hint = Suggestions.closest(arg, candidates)
                .map(c -> "; did you mean '" + c + "'?")
                .orElse("");
        return new ConfigurationException(
                "test selection '" + arg + "' matches nothing in " + catalogue.origin() + ": " + why + hint);
    }

    /** The arguments this selection was parsed from, space-separated. */
    @Override
    public String toString() {
        return String.join(" ", args);
    }
}
