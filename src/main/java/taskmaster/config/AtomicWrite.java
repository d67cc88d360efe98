package taskmaster.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces one of the daemon's own files (url, state) at once: readers see the old content or the
 * new, never a part. The new content goes to a temporary file created exclusively (never through a
 * link, under an unguessable name) in the same folder, with its mode set explicitly whatever the
 * umask, then renamed over the file. A rename replaces a link planted at the file's name without
 * following it, so the link's target is never written.
 */
public final class AtomicWrite {

    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicWrite() {}

    public static void write(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        write(file, content, mode, true);
    }

    /**
     * {@link #write(Path, byte[], Set)}, fsync'd before the rename only when {@code durable}: a
     * file that only needs to outlive its writer's death, not the machine's (the kernel keeps
     * its page cache), can skip the flush to the disk, the dearest part of a write.
     */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> mode, boolean durable)
            throws IOException {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path tmp = file.resolveSibling(
                "." + file.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PRIVATE))) {
                // The umask may only have removed bits; set the mode itself.
                Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(mode);
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
