package org.xtfharness.host;

/**
 * A file's identity and size on a host. Identity (device and inode) is what tells a log that was
 * replaced from one that grew.
 *
 * @param device the device number
 * @param inode the inode number
 * @param size the size in bytes
 */
public record FileStat(long device, long inode, long size) {

    public FileStat {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
    }

    /** The same file (device and inode), whatever its size now. */
    public boolean sameFileAs(FileStat other) {
        return other != null && device == other.device && inode == other.inode;
    }
}
