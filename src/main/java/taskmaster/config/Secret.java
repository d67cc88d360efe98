package taskmaster.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The credential the daemon generates when none is configured: one line {@code user:password} in a
 * file only its owner may read (0600), so that {@code curl -u "$(cat FILE)"} works as it is. It is
 * made once and kept across restarts, so clients that read it keep working.
 *
 * @param user     always {@link #USER}
 * @param password 256 random bits, base64url
 */
public record Secret(String user, String password) {

    public static final String USER = "taskmaster";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Override
    public String toString() {
        return "Secret[" + user + "]"; // never the password
    }

    /**
     * Reads the secret from {@code file}, creating it (0600, never through a symlink) when absent.
     *
     * @throws IOException when it cannot be created, or exists but is not a regular file of ours
     *                     that only we may read (then it is not trusted: someone else could know it)
     */
    public static Secret loadOrCreate(Path file) throws IOException {
        Optional<Secret> existing = read(file);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        Secret s = new Secret(USER, Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
        try (FileChannel ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            // The umask may only remove bits; set the mode explicitly all the same.
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            ch.write(ByteBuffer.wrap((s.user + ":" + s.password + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        } catch (FileAlreadyExistsException raced) {
            return read(file).orElseThrow(() -> new IOException("secret file " + file + ": vanished while read"));
        }
        return s;
    }

    /**
     * The secret in {@code file}, or empty when there is no such file.
     *
     * @throws IOException when the file is a link, not ours, readable by others, or malformed
     */
    public static Optional<Secret> read(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("secret file " + file + ": not a regular file (a link or a folder); not trusted");
        }
        int owner = (int) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int me = RunFiles.uid();
        if (owner != me && me != 0) {
            throw new IOException(
                    "secret file " + file + ": owned by uid " + owner + ", not by this user; not trusted");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (owner == me && !OWNER_ONLY.containsAll(perms)) {
            throw new IOException("secret file " + file + ": mode " + PosixFilePermissions.toString(perms)
                    + " lets others read or write it (allowed: rw-------); not trusted");
        }
        String text;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read it whole; a secret file is one short line
            }
            text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.contains("\n")) {
            throw new IOException("secret file " + file + ": not one line user:password");
        }
        return Optional.of(new Secret(text.substring(0, colon), text.substring(colon + 1)));
    }
}
