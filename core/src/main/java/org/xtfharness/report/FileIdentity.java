package org.xtfharness.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A file as the kernel tells files apart: its device and inode, whatever names reach it (hard
 * links, symbolic links, {@code ..} through links, {@code /proc/self/fd} aliases). A file that does
 * not exist yet is its directory's identity and the name it will have there.
 *
 * @param device the device the file (or its directory) is on
 * @param inode the file's (or its directory's) inode number
 * @param name empty for an existing file; the name in the directory for a file yet to be created
 */
public record FileIdentity(long device, long inode, String name) {

    public FileIdentity {
        Objects.requireNonNull(name, "name");
    }

    /** The identity of the file {@code path} reaches, following symbolic links. */
    public static FileIdentity of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
        return new FileIdentity(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(), "");
    }

    /** The identity of the entry {@code path} names itself: a symbolic link is not followed. */
    static FileIdentity ofEntry(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        return new FileIdentity(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(), "");
    }

    /** The file named {@code name} in the directory with this identity, once created. */
    FileIdentity child(String childName) {
        return new FileIdentity(device, inode, childName);
    }
}
