package taskmaster.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import taskmaster.config.RunFiles;

/**
 * The pidfile, held under an exclusive lock for the daemon's whole life: a second daemon on the
 * same file is refused at once, and a pidfile left by a crashed daemon (no lock on it) is simply
 * taken over, since the kernel drops the lock with the process.
 */
final class PidFile implements AutoCloseable {

    /** Anyone may read the pid; only we write it. */
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private PidFile(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code path} and writes our pid into it, mode 0644 whatever the umask. The file is opened
     * without following a link and must then be a regular file of ours with no other name: a link or
     * a file planted by someone else (a pidfile in /tmp) is refused, never written through.
     */
    static PidFile acquire(Path path, long pid) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("pidfile " + path + ": folder " + parent + " does not exist");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(
                    path,
                    Set.of(
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(MODE));
        } catch (IOException e) {
            // NOFOLLOW_LINKS on a link fails with ELOOP (a plain IOException)
            if (Files.isSymbolicLink(path)) {
                throw new IOException(
                        "pidfile " + path + ": is a symbolic link; refusing to write through it (someone may have"
                                + " planted it: remove it, or set pidfile to a folder only you can write"
                                + " to)");
            }
            throw new IOException("pidfile " + path + ": cannot open: " + e.getMessage(), e);
        }
        try {
            checkOurs(path);
            // Before the lock, never while holding it: the JDK sets a mode without following links by
            // opening the file and closing it again, and closing any descriptor of a file drops this
            // process's POSIX locks on it (a second daemon then got in).
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(MODE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                String other = readPid(ch);
                throw new IOException("another taskmasterd" + (other.isEmpty() ? "" : " (pid " + other + ")")
                        + " is running with pidfile " + path);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new PidFile(path, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A regular file owned by this user with one name (no hard link planted elsewhere). */
    private static void checkOurs(Path path) throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("pidfile " + path + ": not a regular file; refusing it");
        }
        int owner = (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != RunFiles.uid()) {
            throw new IOException("pidfile " + path + ": owned by uid " + owner + ", not by this user; refusing it"
                    + " (remove it, or set pidfile to a folder only you can write to)");
        }
        int links = (int) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links != 1) {
            throw new IOException("pidfile " + path + ": has " + links + " names (hard links); refusing it");
        }
    }

    /** Whether another live process holds the lock on {@code path} (checked before detaching). */
    static boolean heldByAnother(Path path) {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readPid(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
        lock.release();
        channel.close();
    }
}
