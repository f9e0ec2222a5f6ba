package org.xtfharness.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The .config a Xen image carries (CONFIG_HYPFS_CONFIG), found among the image's other bytes. */
class XenBuildTest {

    private static final String CONFIG = "#\n# Automatically generated file; DO NOT EDIT.\n"
            + "# Xen/x86 4.17.7 Configuration\n#\nCONFIG_PV=y\n# CONFIG_PV32 is not set\nCONFIG_HVM=y\n"
            + "# CONFIG_SHADOW_PAGING is not set\nCONFIG_HYPFS_CONFIG=y\n";

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    @Test
    void readsTheEmbeddedConfigWhereverItSitsAmongOtherBytesAndOtherGzipMagic() throws IOException {
        byte[] config = gzip(CONFIG);
        byte[] decoy = gzip("no kconfig in here");
        Random random = new Random(17);
        for (int n = 0; n < 200; n++) {
            ByteArrayOutputStream image = new ByteArrayOutputStream();
            image.write(new byte[] {0x7f, 'E', 'L', 'F'});
            byte[] noise = new byte[random.nextInt(5000)];
            random.nextBytes(noise);
            image.write(noise);
            // Stray magic bytes and a gzip of something else come first.
            image.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
            if (random.nextBoolean()) {
                image.write(decoy);
            }
            image.write(config);
            byte[] tail = new byte[random.nextInt(3000)];
            random.nextBytes(tail);
            image.write(tail);
            XenBuild b = XenBuild.of(image.toByteArray());
            assertEquals(Optional.of("4.17.7"), b.version(), "case " + n);
            assertEquals(Optional.of(false), b.has("CONFIG_PV32"));
            assertEquals(Optional.of(false), b.has("CONFIG_SHADOW_PAGING"));
            assertEquals(Optional.of(true), b.has("CONFIG_HVM"));
            assertEquals(Optional.empty(), b.has("CONFIG_NOT_THERE"));
        }
    }

    @Test
    void knowsNothingOfAnImageWithoutOne() {
        byte[] image = new byte[4096];
        new Random(3).nextBytes(image);
        XenBuild b = XenBuild.of(image);
        assertEquals(Optional.empty(), b.version());
        assertEquals(Optional.empty(), b.has("CONFIG_PV32"));
    }
}
