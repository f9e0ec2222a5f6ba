package org.xtfharness.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to the host agent ({@link AgentScript}): a record per verb, each the one place that
 * writes ({@link #argv()}) and reads ({@link #parse}) its words. Word lists of any length (xl's
 * command, the watch command, xl's create arguments) go as a count and the words; a request a
 * multi-step verb carries goes last, as its own verb and words.
 */
public sealed interface AgentRequest {

    /** The verb and its arguments, as the agent takes them after its {@code $0}. */
    List<String> argv();

    /**
     * Reads a request from its words (the verb first), as {@link #argv()} wrote them.
     *
     * @throws IllegalArgumentException if they are no valid request
     */
    static AgentRequest parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no agent verb");
        }
        RequestReader r = new RequestReader(words.subList(1, words.size()));
        AgentRequest request = switch (words.get(0)) {
            case Create.VERB -> new Create(r.list(), r.list(), r.carried());
            case Run.VERB -> new Run(r.list(), r.list(), r.integer(), r.word(), r.number(), r.carried());
            case Destroy.VERB -> new Destroy(r.list(), r.word(), r.yesNo());
            case Mark.VERB -> new Mark(r.word(), r.word(), r.integer());
            case Settle.VERB -> new Settle(r.word(), r.number(), r.number(), r.number(), r.integer(), r.number());
            case Stat.VERB -> new Stat(r.word());
            case Read.VERB -> new Read(r.word(), r.number(), r.number());
            case ListDir.VERB -> new ListDir(r.word());
            case Tree.VERB -> new Tree(r.word(), r.word(), r.integer());
            case LockAcquire.VERB -> new LockAcquire(r.word(), r.word());
            case LockRelease.VERB -> new LockRelease(r.word(), r.word());
            case FindXenconsoled.VERB -> new FindXenconsoled(r.word());
            case ConsoleNotify.VERB -> new ConsoleNotify(r.word(), r.word(), r.integer());
            case ConsolePid.VERB -> new ConsolePid(r.word(), r.word(), r.integer());
            case Holds.VERB -> new Holds(r.word(), r.word());
            default -> throw new IllegalArgumentException("no agent verb '" + words.get(0) + "'");
        };
        r.end(words.get(0));
        return request;
    }

    /**
     * {@code XL ARGS} (xl create -p ...), then {@code XL list} with the new domain still paused,
     * then the carried request, as one host command.
     *
     * @param xl the xl command's words
     * @param args xl's arguments, {@code create} first
     * @param carried run after the listing, its output all that follows its step line
     */
    record Create(List<String> xl, List<String> args, Optional<AgentRequest> carried) implements AgentRequest {
        static final String VERB = "create";

        /** Validates and copies. */
        public Create {
            xl = words(xl, "xl");
            args = words(args, "args");
            Objects.requireNonNull(carried, "carried");
        }

        @Override
        public List<String> argv() {
            return build(VERB, List.of(counted(xl), counted(args), carriedWords(carried)));
        }
    }

    /**
     * Sets a {@code @releaseDomain} watch, unpauses the domain at the watch's first event, lists
     * the domains at each further event until this one has ended or SECONDS have passed, then runs
     * the carried request with one more argument: the domain's state letters, or {@code gone}.
     *
     * @param xl the xl command's words
     * @param watch the {@code xenstore-watch} command's words
     * @param domid the domain's id
     * @param name the domain's name
     * @param seconds the watch's deadline
     * @param carried run at the domain's end
     */
    record Run(
            List<String> xl, List<String> watch, int domid, String name, long seconds, Optional<AgentRequest> carried)
            implements AgentRequest {
        static final String VERB = "run";

        /** Validates and copies. */
        public Run {
            xl = words(xl, "xl");
            watch = words(watch, "watch");
            if (watch.isEmpty() || domid < 0 || seconds < 1) {
                throw new IllegalArgumentException("run needs a watch command, a domain id and seconds >= 1");
            }
            word(name, "name");
            Objects.requireNonNull(carried, "carried");
        }

        @Override
        public List<String> argv() {
            return build(
                    VERB,
                    List.of(
                            counted(xl),
                            counted(watch),
                            List.of(Integer.toString(domid), name, Long.toString(seconds)),
                            carriedWords(carried)));
        }
    }

    /**
     * With evidence {@code XL list -l NAME} and {@code XL dmesg} (best effort), then {@code XL
     * destroy NAME}, then {@code XL list} until the name is gone.
     *
     * @param xl the xl command's words
     * @param name the domain's name
     * @param evidence whether to take the evidence first
     */
    record Destroy(List<String> xl, String name, boolean evidence) implements AgentRequest {
        static final String VERB = "destroy";

        /** Validates and copies. */
        public Destroy {
            xl = words(xl, "xl");
            word(name, "name");
        }

        @Override
        public List<String> argv() {
            return build(VERB, List.of(counted(xl), List.of(name, evidence ? "yes" : "no")));
        }
    }

    /**
     * The xenconsoled log's mark: {@code present DEVICE INODE SIZE MODE} and the fingerprint bytes,
     * or {@code absent}, {@code nodir} or {@code notregular}.
     *
     * @param directory the log directory
     * @param path the log
     * @param fingerprint how many bytes before the size to print at most
     */
    record Mark(String directory, String path, int fingerprint) implements AgentRequest {
        static final String VERB = "mark";

        /** Validates. */
        public Mark {
            word(directory, "directory");
            word(path, "path");
            if (fingerprint < 1) {
                throw new IllegalArgumentException("fingerprint < 1");
            }
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, directory, path, Integer.toString(fingerprint));
        }
    }

    /**
     * The log's settle and read, carried at the domain's end (which appends the state letters):
     * {@code log DEVICE INODE SIZE MODE settled|unsettled}, the fingerprint and the tail.
     *
     * @param path the log
     * @param quietMillis how long the size must stay unchanged
     * @param maxMillis how long to wait at most
     * @param from the size at the mark
     * @param fingerprint how many bytes before {@code from} to print
     * @param keep how many bytes from the end to print at most
     */
    record Settle(String path, long quietMillis, long maxMillis, long from, int fingerprint, long keep)
            implements AgentRequest {
        static final String VERB = "settle";

        /** Validates. */
        public Settle {
            word(path, "path");
            if (quietMillis < 0 || maxMillis < 0 || from < 0 || fingerprint < 0 || keep < 0 || fingerprint > from) {
                throw new IllegalArgumentException("settle's numbers must be >= 0 and the fingerprint within FROM");
            }
        }

        @Override
        public List<String> argv() {
            return List.of(
                    VERB,
                    path,
                    Long.toString(quietMillis),
                    Long.toString(maxMillis),
                    Long.toString(from),
                    Integer.toString(fingerprint),
                    Long.toString(keep));
        }
    }

    /**
     * {@code DEVICE INODE SIZE MODE}, or {@code absent}.
     *
     * @param path the file
     */
    record Stat(String path) implements AgentRequest {
        static final String VERB = "stat";

        /** Validates. */
        public Stat {
            word(path, "path");
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, path);
        }
    }

    /**
     * Bytes {@code [offset, offset + length)} of a regular file; exit 66 when absent, 67 when not
     * regular.
     *
     * @param path the file
     * @param offset where to start
     * @param length how many bytes at most
     */
    record Read(String path, long offset, long length) implements AgentRequest {
        static final String VERB = "read";

        /** Exit status: no such file. */
        public static final int NO_SUCH_FILE = 66;

        /** Exit status: not a regular file. */
        public static final int NOT_REGULAR = 67;

        /** Validates. */
        public Read {
            word(path, "path");
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("offset and length must be >= 0");
            }
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, path, Long.toString(offset), Long.toString(length));
        }
    }

    /**
     * A directory's entries' names, each ended by NUL; nothing when it does not exist.
     *
     * @param directory the directory
     */
    record ListDir(String directory) implements AgentRequest {
        static final String VERB = "list";

        /** Validates. */
        public ListDir {
            word(directory, "directory");
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, directory);
        }
    }

    /**
     * A catalogue's walk in one command (see {@code CommandHostFiles#readingAhead}).
     *
     * @param directory the tree
     * @param fileName the file read in each subdirectory
     * @param maxBytes how many of its bytes at most
     */
    record Tree(String directory, String fileName, int maxBytes) implements AgentRequest {
        static final String VERB = "tree";

        /** Validates. */
        public Tree {
            word(directory, "directory");
            word(fileName, "fileName");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes < 0");
            }
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, directory, fileName, Integer.toString(maxBytes));
        }
    }

    /**
     * Takes the run lock: exit 0 taken, 3 held (the owner's line printed), 4 the owner file could
     * not be written.
     *
     * @param path the lock directory
     * @param owner the owner line written into it
     */
    record LockAcquire(String path, String owner) implements AgentRequest {
        static final String VERB = "lock-acquire";

        /** Exit status: held by another owner. */
        public static final int HELD = 3;

        /** Validates. */
        public LockAcquire {
            word(path, "path");
            ownerLine(owner);
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, path, owner);
        }
    }

    /**
     * Releases the run lock while {@code owner} holds it.
     *
     * @param path the lock directory
     * @param owner the owner line it was taken with
     */
    record LockRelease(String path, String owner) implements AgentRequest {
        static final String VERB = "lock-release";

        /** Validates. */
        public LockRelease {
            word(path, "path");
            ownerLine(owner);
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, path, owner);
        }
    }

    /**
     * The {@code ROOT/proc/PID/comm} paths of processes named xenconsoled, one a line.
     *
     * @param root the file system root ({@code /} on a host)
     */
    record FindXenconsoled(String root) implements AgentRequest {
        static final String VERB = "find-xenconsoled";

        /** Validates. */
        public FindXenconsoled {
            word(root, "root");
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, root);
        }
    }

    /**
     * xenconsole with its start-notify fd on stdout: the byte 0x00, then the console.
     *
     * @param xenconsole the xenconsole program
     * @param type its {@code --type}
     * @param domid the domain
     */
    record ConsoleNotify(String xenconsole, String type, int domid) implements AgentRequest {
        static final String VERB = "console-notify";

        /** Validates. */
        public ConsoleNotify {
            word(xenconsole, "xenconsole");
            word(type, "type");
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, xenconsole, type, Integer.toString(domid));
        }
    }

    /**
     * Before Xen 4.8: the process id (a line), then xenconsole's console in that process.
     *
     * @param xenconsole the xenconsole program
     * @param type its {@code --type}
     * @param domid the domain
     */
    record ConsolePid(String xenconsole, String type, int domid) implements AgentRequest {
        static final String VERB = "console-pid";

        /** Validates. */
        public ConsolePid {
            word(xenconsole, "xenconsole");
            word(type, "type");
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, xenconsole, type, Integer.toString(domid));
        }
    }

    /**
     * Exit 0 when process {@code pid} holds {@code tty} open.
     *
     * @param pid the process
     * @param tty the tty's path
     */
    record Holds(String pid, String tty) implements AgentRequest {
        static final String VERB = "holds";

        /** Validates. */
        public Holds {
            word(pid, "pid");
            word(tty, "tty");
        }

        @Override
        public List<String> argv() {
            return List.of(VERB, pid, tty);
        }
    }

    private static List<String> words(List<String> words, String what) {
        Objects.requireNonNull(words, what);
        words.forEach(w -> Objects.requireNonNull(w, what));
        return List.copyOf(words);
    }

    /** The owner file holds one line, compared as the shell reads it back (trailing newlines dropped). */
    private static void ownerLine(String owner) {
        word(owner, "owner");
        if (owner.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a lock owner is one line: " + owner);
        }
    }

    private static void word(String w, String what) {
        Objects.requireNonNull(w, what);
    }

    private static List<String> counted(List<String> words) {
        List<String> out = new ArrayList<>();
        out.add(Integer.toString(words.size()));
        out.addAll(words);
        return out;
    }

    private static List<String> carriedWords(Optional<AgentRequest> carried) {
        return carried.map(AgentRequest::argv).orElse(List.of());
    }

    private static List<String> build(String verb, List<List<String>> parts) {
        List<String> out = new ArrayList<>();
        out.add(verb);
        parts.forEach(out::addAll);
        return List.copyOf(out);
    }
}
