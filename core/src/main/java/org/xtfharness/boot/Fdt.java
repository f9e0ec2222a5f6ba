package org.xtfharness.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A flattened device tree (the DTB format of the Devicetree Specification, chapter 5, as {@code
 * dtc} and QEMU's {@code -machine dumpdtb=} write it): read whole into nodes, changed, written
 * back. Boot mode adds Xen's {@code /chosen} nodes to the DTB QEMU dumps for the machine (a
 * dom0less domU, {@code docs/misc/arm/device-tree/booting.txt} in xen.git); written here rather
 * than through {@code dtc} so no text round trip and no extra tool is involved.
 *
 * <p>Reading checks every offset and length against the blob and refuses anything else with an
 * {@link IllegalArgumentException} naming what was wrong; it is linear in the blob's size.
 */
final class Fdt {

    static final int MAGIC = 0xd00dfeed;
    static final int VERSION = 17;
    static final int LAST_COMPATIBLE = 16;
    private static final int HEADER_BYTES = 40;
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;
    private static final int END = 9;
    /** Deeper than any real tree; a bound so a hostile blob cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private Fdt() {}

    /**
     * One property: its name and raw value.
     *
     * @param name e.g. {@code compatible}
     * @param value its bytes as stored (big-endian cells, NUL-terminated strings)
     */
    record Property(String name, byte[] value) {
        Property {
            Objects.requireNonNull(name, "name");
            value = value.clone();
        }

        /** A property of NUL-terminated strings (a string list when more than one). */
        static Property strings(String name, String... values) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (String v : values) {
                b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
                b.write(0);
            }
            return new Property(name, b.toByteArray());
        }

        /** A property of 32-bit big-endian cells. */
        static Property cells(String name, long... cells) {
            ByteBuffer b = ByteBuffer.allocate(4 * cells.length);
            for (long c : cells) {
                if (c < 0 || c > 0xffffffffL) {
                    throw new IllegalArgumentException(name + ": " + c + " does not fit a 32-bit cell");
                }
                b.putInt((int) c);
            }
            return new Property(name, b.array());
        }

        /** An empty property, whose presence is what counts ({@code vpl011}). */
        static Property flag(String name) {
            return new Property(name, new byte[0]);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Property p && p.name.equals(name) && Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + Arrays.toString(value);
        }
    }

    /**
     * One node: its name ({@code module@50000000}; the root's is empty), properties and children,
     * each in order.
     */
    record Node(String name, List<Property> properties, List<Node> children) {
        Node {
            Objects.requireNonNull(name, "name");
            if (name.indexOf('\0') >= 0 || name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("not a node name: '" + name + "'");
            }
            properties = List.copyOf(properties);
            children = List.copyOf(children);
        }

        /** The child of that name, if there is one. */
        Optional<Node> child(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).findFirst();
        }

        /** The property of that name, if there is one. */
        Optional<Property> property(String propertyName) {
            return properties.stream().filter(p -> p.name.equals(propertyName)).findFirst();
        }

        /** This node with {@code child} added, or put in place of a child of the same name. */
        Node withChild(Node child) {
            List<Node> c = new ArrayList<>(children);
            c.removeIf(n -> n.name.equals(child.name));
            c.add(child);
            return new Node(name, properties, c);
        }

        /** This node with {@code p} added, or put in place of a property of the same name. */
        Node withProperty(Property p) {
            List<Property> ps = new ArrayList<>(properties);
            int at = -1;
            for (int k = 0; k < ps.size(); k++) {
                if (ps.get(k).name.equals(p.name)) {
                    at = k;
                }
            }
            if (at >= 0) {
                ps.set(at, p);
            } else {
                ps.add(p);
            }
            return new Node(name, ps, children);
        }
    }

    /**
     * A whole tree.
     *
     * @param reserved the memory reservation block: address and size pairs
     * @param bootCpu the header's {@code boot_cpuid_phys}
     * @param root the root node
     */
    record Tree(List<long[]> reserved, int bootCpu, Node root) {
        Tree {
            reserved = reserved.stream().map(long[]::clone).toList();
            Objects.requireNonNull(root, "root");
        }
    }

    /** Reads a blob. */
    static Tree read(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        require(blob.length >= HEADER_BYTES, "shorter than a DTB header (" + blob.length + " bytes)");
        require(b.getInt(0) == MAGIC, "no DTB magic 0xd00dfeed at its start");
        long total = u32(b, 4);
        long structOff = u32(b, 8);
        long stringsOff = u32(b, 12);
        long rsvOff = u32(b, 16);
        long version = u32(b, 20);
        long lastComp = u32(b, 24);
        int bootCpu = b.getInt(28);
        long stringsSize = u32(b, 32);
        long structSize = u32(b, 36);
        require(total <= blob.length, "its header says " + total + " bytes, the blob has " + blob.length);
        require(
                lastComp <= VERSION && version >= LAST_COMPATIBLE,
                "version " + version + " (compatible with " + lastComp + ") is not readable as version " + VERSION);
        require(
                structOff + structSize <= total && stringsOff + stringsSize <= total && rsvOff < total,
                "a block lies past the blob's end");
        List<long[]> reserved = new ArrayList<>();
        for (long at = rsvOff; ; at += 16) {
            require(at + 16 <= total, "the memory reservation block has no end");
            long address = b.getLong((int) at);
            long size = b.getLong((int) at + 8);
            if (address == 0 && size == 0) {
                break;
            }
            reserved.add(new long[] {address, size});
        }
        Reader r = new Reader(b, (int) structOff, (int) (structOff + structSize), (int) stringsOff, (int) stringsSize);
        int token = r.token();
        require(token == BEGIN_NODE, "the structure block does not start with a node");
        Node root = r.node(0);
        require(r.token() == END, "something follows the root node");
        return new Tree(reserved, bootCpu, root);
    }

    /** Writes a tree as a version 17 blob. */
    static byte[] write(Tree tree) {
        Map<String, Integer> offsets = new HashMap<>();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        writeNode(tree.root(), struct, strings, offsets);
        putInt(struct, END);
        ByteArrayOutputStream rsv = new ByteArrayOutputStream();
        for (long[] r : tree.reserved()) {
            putLong(rsv, r[0]);
            putLong(rsv, r[1]);
        }
        putLong(rsv, 0);
        putLong(rsv, 0);
        int rsvOff = HEADER_BYTES; // 8-aligned, as the reservation block must be
        int structOff = rsvOff + rsv.size();
        int stringsOff = structOff + struct.size();
        int total = stringsOff + strings.size();
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.putInt(MAGIC).putInt(total).putInt(structOff).putInt(stringsOff).putInt(rsvOff);
        h.putInt(VERSION).putInt(LAST_COMPATIBLE).putInt(tree.bootCpu());
        h.putInt(strings.size()).putInt(struct.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        out.writeBytes(h.array());
        out.writeBytes(rsv.toByteArray());
        out.writeBytes(struct.toByteArray());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    private static void writeNode(
            Node n, ByteArrayOutputStream s, ByteArrayOutputStream strings, Map<String, Integer> offsets) {
        putInt(s, BEGIN_NODE);
        s.writeBytes(n.name().getBytes(StandardCharsets.UTF_8));
        s.write(0);
        pad(s);
        for (Property p : n.properties()) {
            Integer off = offsets.get(p.name());
            if (off == null) {
                off = strings.size();
                offsets.put(p.name(), off);
                strings.writeBytes(p.name().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
            byte[] v = p.value;
            putInt(s, PROP);
            putInt(s, v.length);
            putInt(s, off);
            s.writeBytes(v);
            pad(s);
        }
        for (Node c : n.children()) {
            writeNode(c, s, strings, offsets);
        }
        putInt(s, END_NODE);
    }

    private static void pad(ByteArrayOutputStream s) {
        while (s.size() % 4 != 0) {
            s.write(0);
        }
    }

    private static void putInt(ByteArrayOutputStream s, int v) {
        s.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }

    private static void putLong(ByteArrayOutputStream s, long v) {
        s.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("not a usable DTB: " + what);
        }
    }

    /** Walks the structure block; every read is bounds-checked. */
    private static final class Reader {
        private final ByteBuffer b;
        private int at;
        private final int end;
        private final int strings;
        private final int stringsEnd;

        Reader(ByteBuffer b, int at, int end, int strings, int stringsSize) {
            this.b = b;
            this.at = at;
            this.end = end;
            this.strings = strings;
            this.stringsEnd = strings + stringsSize;
        }

        /** The next token that is not a NOP. */
        int token() {
            while (true) {
                require(at + 4 <= end, "the structure block ends inside a node");
                int t = b.getInt(at);
                at += 4;
                if (t != NOP) {
                    return t;
                }
            }
        }

        /** A node whose BEGIN_NODE token was just read. */
        Node node(int depth) {
            require(depth < MAX_DEPTH, "nodes nested deeper than " + MAX_DEPTH);
            String name = cString(at, end, "a node name");
            at = align(at + name.getBytes(StandardCharsets.UTF_8).length + 1);
            List<Property> props = new ArrayList<>();
            List<Node> children = new ArrayList<>();
            while (true) {
                int t = token();
                switch (t) {
                    case PROP -> {
                        require(at + 8 <= end, "a property's header lies past the structure block");
                        long len = u32(b, at);
                        long nameOff = u32(b, at + 4);
                        at += 8;
                        require(len <= end - at, "a property's value lies past the structure block");
                        require(nameOff < stringsEnd - strings, "a property's name lies past the strings block");
                        String pname = cString(strings + (int) nameOff, stringsEnd, "a property name");
                        byte[] v = new byte[(int) len];
                        b.get(at, v);
                        at = align(at + (int) len);
                        require(children.isEmpty(), "property " + pname + " follows a child node");
                        props.add(new Property(pname, v));
                    }
                    case BEGIN_NODE -> children.add(node(depth + 1));
                    case END_NODE -> {
                        return new Node(name, props, children);
                    }
                    default ->
                        throw new IllegalArgumentException(
                                "not a usable DTB: token " + t + " inside node '" + name + "'");
                }
            }
        }

        private String cString(int from, int limit, String what) {
            for (int k = from; k < limit; k++) {
                if (b.get(k) == 0) {
                    byte[] s = new byte[k - from];
                    b.get(from, s);
                    return new String(s, StandardCharsets.UTF_8);
                }
            }
            throw new IllegalArgumentException("not a usable DTB: " + what + " has no end");
        }

        private static int align(int v) {
            return (v + 3) & ~3;
        }
    }
}
