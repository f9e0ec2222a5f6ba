package org.xtfharness.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fake {@code qemu-system-x86_64} for boot mode: a bash script that plays the "test binary" onto
 * the {@code -serial file:PATH} as a serial transcript: the multiboot module ({@code -initrd}'s
 * first word), or through the EFI path the {@code EFI/BOOT/dom0} on the {@code fat:} disk (so a
 * run shows the ESP held the binary), or on arm64 the file of {@code -device loader,file=} (a
 * dom0less domU) or {@code -device guest-loader,...,kernel=} (the initial domain); asked to dump
 * the machine's device tree ({@code -M virt,...,dumpdtb=PATH}) it copies {@code fake-qemu.dtb}
 * from beside itself there and exits, as QEMU does, and it keeps a copy of the {@code -dtb} it
 * was given as {@code fake-qemu.used.dtb}; each line ending {@code \r\r\n} as a guest's do on Xen's serial console. Lines starting
 * {@code #partial } (written without a line end), {@code #stderr }, {@code #exit N} and {@code
 * #hang} are directions; so are {@code #burst N TEXT} (N lines of TEXT, each ending {@code \n}, at
 * once), {@code #rawburst N} (N bytes and no line end), {@code #stdout N} (N bytes on standard
 * output, which a real QEMU writes to as well) and {@code #trickle} (a line every 50 ms until
 * killed: a guest still printing). After the transcript it idles until killed, as QEMU does once
 * Xen halts.
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
                -M) case $2 in *,dumpdtb=*) cp "$0.dtb" "${2#*,dumpdtb=}"; exit 0 ;; esac; shift ;;
                -dtb) cp "$2" "$0.used.dtb"; shift ;;
                -device) case $2 in
                    loader,file=*) initrd=${2#loader,file=}; initrd=${initrd%%,addr=*} ;;
                    guest-loader,*) initrd=${2#*,kernel=}; initrd=${initrd%%,bootargs=*} ;;
                  esac; shift ;;
              esac
              shift
            done
            while IFS= read -r line; do
              case $line in
                '#partial '*) printf '%s' "${line#\\#partial }" >>"$serial" ;;
                '#stderr '*) printf '%s\\n' "${line#\\#stderr }" >&2 ;;
                '#exit '*) exit "${line#\\#exit }" ;;
                '#hang') break ;;
                '#burst '*) set -- ${line#\\#burst }; n=$1; shift; yes -- "$*" | head -n "$n" >>"$serial" ;;
                '#rawburst '*) head -c "${line#\\#rawburst }" /dev/zero | tr '\\0' r >>"$serial" ;;
                '#stdout '*) head -c "${line#\\#stdout }" /dev/zero | tr '\\0' o ;;
                '#trickle') while :; do printf 'still here\\r\\r\\n' >>"$serial"; sleep 0.05; done ;;
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
