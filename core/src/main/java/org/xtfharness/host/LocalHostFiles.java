package org.xtfharness.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;

/**
 * {@link HostFiles} for the machine the harness runs on (the harness running in dom0).
 *
 * <p>Identity comes from the {@code unix} attribute view ({@code dev}, {@code ino}); reads go
 * through a {@link FileChannel} at an offset, so only the bytes asked for are read. I/O failures
 * other than "no such file" throw {@link InfrastructureException} naming the path.
 */
public final class LocalHostFiles implements HostFiles {

    /** Reads files of the local machine. */
    public LocalHostFiles() {}

    /** {@code local}: this machine's commands reach these files. */
    @Override
    public Optional<String> commandTarget() {
        return Optional.of("local");
    }

    @Override
    public Optional<FileStat> stat(String path) {
        Path p = toPath(path);
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,size,mode");
            return Optional.of(new FileStat(
                    asLong(a.get("dev")), asLong(a.get("ino")), asLong(a.get("size")), FileStat.Kind.ofMode((int)
                            asLong(a.get("mode")))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (UnsupportedOperationException e) {
            throw new InfrastructureException(
                    "cannot read the identity (device, inode) of " + path + ": this file system has no unix attributes",
                    e);
        } catch (IOException e) {
            throw new InfrastructureException("cannot stat " + path + ": " + Messages.reason(e), e);
        }
    }

    @Override
    public byte[] read(String path, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "negative offset or length reading " + path + ": " + offset + ", " + length);
        }
        try (FileChannel ch = FileChannel.open(regularFile(path), StandardOpenOption.READ)) {
            long available = ch.size() - offset;
            if (available <= 0 || length == 0) {
                return new byte[0];
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, available));
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break; // the file shrank since size(): return what there is
                }
                pos += n;
            }
            return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
        } catch (NoSuchFileException e) {
            throw new InfrastructureException("cannot read " + path + ": no such file", e);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + path + ": " + Messages.reason(e), e);
        }
    }

    @Override
    public List<String> list(String directory) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(toPath(directory))) {
            for (Path e : entries) {
                names.add(e.getFileName().toString());
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + directory + ": " + Messages.reason(e), e);
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    @Override
    public byte[] readAll(String path, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
        }
        // Read to end of file, never trusting the size: /proc and /sys files report size 0 and
        // would otherwise read as empty or one byte. One byte past the limit tells "too large".
        try (InputStream in = Files.newInputStream(regularFile(path))) {
            byte[] bytes = in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new InfrastructureException(
                        "refusing to read " + path + " whole: it is larger than the limit of " + maxBytes + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new InfrastructureException("cannot read " + path + ": no such file", e);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + path + ": " + Messages.reason(e), e);
        }
    }

    @Override
    public boolean isDirectory(String path) {
        return Files.isDirectory(toPath(path));
    }

    /** The path, once it is known to be a regular file: opening a FIFO would block until a writer came. */
    private static Path regularFile(String path) throws IOException {
        Path p = toPath(path);
        if (!Files.readAttributes(p, BasicFileAttributes.class).isRegularFile()) {
            throw new InfrastructureException("cannot read " + path + ": not a regular file");
        }
        return p;
    }

    private static Path toPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return Path.of(path);
    }

    private static long asLong(Object value) {
        return ((Number) value).longValue();
    }
}
