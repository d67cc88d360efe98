package taskmaster.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pidfile, held under an exclusive lock for the daemon's whole life: a second daemon on the
 * same file is refused at once, and a pidfile left by a crashed daemon (no lock on it) is simply
 * taken over, since the kernel drops the lock with the process.
 */
final class PidFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private PidFile(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code path} and writes our pid into it. */
    static PidFile acquire(Path path, long pid) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("pidfile " + path + ": folder " + parent + " does not exist");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            String other = readPid(ch);
            ch.close();
            throw new IOException("another taskmasterd" + (other.isEmpty() ? "" : " (pid " + other + ")")
                    + " is running with pidfile " + path);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(false);
        return new PidFile(path, ch, lock);
    }

    /** Whether another live process holds the lock on {@code path} (checked before detaching). */
    static boolean heldByAnother(Path path) {
        if (!Files.exists(path)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
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
