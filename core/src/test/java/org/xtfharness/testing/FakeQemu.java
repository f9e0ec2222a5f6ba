package org.xtfharness.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fake {@code qemu-system-x86_64} for boot mode: a bash script that plays the "test binary" onto
 * the {@code -serial file:PATH} as a serial transcript: the multiboot module ({@code -initrd}'s
 * first word), or through the EFI path the {@code EFI/BOOT/dom0} on the {@code fat:} disk (so a
 * run shows the ESP held the binary), each line ending {@code \r\r\n} as a guest's do on Xen's serial console. Lines starting
 * {@code #partial } (written without a line end), {@code #stderr }, {@code #exit N} and {@code
 * #hang} are directions. After the transcript it idles until killed, as QEMU does once Xen halts.
 */
public final class FakeQemu {

    private static final String SCRIPT = """
            #!/bin/bash
            serial= initrd=
            while [ $# -gt 0 ]; do
              case $1 in
                -serial) serial=${2#file:}; shift ;;
                -initrd) initrd=${2%% *}; shift ;;
                -drive) case $2 in file=fat:rw:*) esp=${2#file=fat:rw:}; initrd=${esp%%,format=*}/EFI/BOOT/dom0 ;; esac; shift ;;
              esac
              shift
            done
            while IFS= read -r line; do
              case $line in
                '#partial '*) printf '%s' "${line#\\#partial }" >>"$serial" ;;
                '#stderr '*) printf '%s\\n' "${line#\\#stderr }" >&2 ;;
                '#exit '*) exit "${line#\\#exit }" ;;
                '#hang') break ;;
                *) printf '%s\\r\\r\\n' "$line" >>"$serial" ;;
              esac
            done <"$initrd"
            exec sleep 600
            """;

    private FakeQemu() {}

    /** Writes the script into {@code dir} as {@code fake-qemu} and returns its path. */
    public static Path write(Path dir) throws IOException {
        Path qemu = Files.writeString(dir.resolve("fake-qemu"), SCRIPT);
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwx------"));
        return qemu;
    }
}
