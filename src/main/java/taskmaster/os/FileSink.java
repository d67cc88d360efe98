package taskmaster.os;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.model.Output;
import taskmaster.output.LogStream;

/**
 * A log file the daemon appends to, rotated by size: when it reaches {@code maxBytes} it is closed,
 * {@code .N-1} is renamed to {@code .N} … the file itself to {@code .1}, and a new empty file is
 * opened ({@code backups = 0}: the file is truncated instead). A write that crosses the limit is
 * split there, so every rotated file holds exactly {@code maxBytes} bytes and no byte is lost.
 *
 * <p>A file that cannot be opened or written (no permission, disk full, directory gone) is reported
 * once in the event log; the output is then dropped (the pipe keeps being read, so the program
 * never blocks) and the file is tried again at most once a second; a recovery is reported too.
 *
 * <p>A rotation that fails (a backup name is taken by a directory, no permission on the folder)
 * loses nothing: the file stays open and keeps growing past {@code maxBytes}, the failure is
 * reported once, the rotation is tried again at most once a second, and its recovery is reported.
 * A failed shift leaves the live file where it was ({@link LogRotation#shift}).
 */
final class FileSink extends Sink {
    private static final Logger LOG = LogManager.getLogger("taskmaster.output");
    private static final int O_TRUNC = 01000;
    private static final int APPEND = SpawnRequest.O_WRONLY | SpawnRequest.O_CREAT | SpawnRequest.O_APPEND;
    private static final int MODE = 0666;
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final Posix posix;
    final Path path;
    private long maxBytes;
    private int backups;
    private int fd = -1;
    private long size;
    /** Set while the file cannot be written: what went wrong, reported once. */
    private String failure;

    private long retryAt;
    private long dropped;
    /** Set while rotations fail: what went wrong, reported once. */
    private String rotationFailure;

    private long rotateRetryAt;

    FileSink(Posix posix, String process, LogStream stream, Output.ToFile target, boolean timestamps) {
        super(process, stream, new byte[0], timestamps);
        this.posix = posix;
        this.path = target.path();
        this.maxBytes = target.maxBytes();
        this.backups = target.backups();
        open(false);
    }

    @Override
    boolean sameTarget(Output output) {
        return output instanceof Output.ToFile f && f.path().equals(path);
    }

    @Override
    void update(Output output, boolean timestamps) {
        super.update(output, timestamps);
        Output.ToFile f = (Output.ToFile) output;
        maxBytes = f.maxBytes();
        backups = f.backups();
    }

    private boolean open(boolean truncate) {
        try {
            fd = posix.open(path.toString(), APPEND | (truncate ? O_TRUNC : 0), MODE);
            size = posix.seekEnd(fd);
            if (failure != null) {
                LOG.info("output resumed: {}: writing to {} again ({} bytes were dropped)", describe(), path, dropped);
                failure = null;
                dropped = 0;
            }
            return true;
        } catch (PosixException e) {
            closeFd();
            fail("couldn't open " + path + ": " + Errno.describe(e.errno()));
            return false;
        }
    }

    private void fail(String why) {
        retryAt = System.nanoTime() + RETRY_NANOS;
        if (failure == null) {
            failure = why;
            LOG.error(
                    "output error: {}: {}; its output is dropped until the file can be written"
                            + " (the program keeps running)",
                    describe(),
                    why);
        }
    }

    @Override
    public void write(MemorySegment data, long offset, long length) {
        if (fd < 0 && (System.nanoTime() - retryAt < 0 || !open(false))) {
            dropped += length;
            return;
        }
        while (length > 0) {
            if (full() && rotationDue()) {
                rotate();
            }
            if (fd < 0) {
                dropped += length;
                return;
            }
            // Split at the limit, unless rotation is failing: then everything goes on at the end.
            long n = maxBytes > 0 && size < maxBytes ? Math.min(length, maxBytes - size) : length;
            long written;
            try {
                written = posix.write(fd, data, offset, n);
            } catch (PosixException e) {
                closeFd();
                fail("couldn't write " + path + ": " + Errno.describe(e.errno()));
                dropped += length;
                return;
            }
            if (written <= 0) {
                dropped += length;
                return;
            }
            size += written;
            offset += written;
            length -= written;
        }
        if (full() && rotationDue()) {
            rotate();
        }
    }

    private boolean full() {
        return maxBytes > 0 && size >= maxBytes;
    }

    private boolean rotationDue() {
        return rotationFailure == null || System.nanoTime() - rotateRetryAt >= 0;
    }

    /**
     * Rotates now (whatever the size): renames the backups, opens a new empty file. When the
     * renames fail, the current file stays open and is appended to (nothing is lost).
     *
     * @return null, or why the rotation failed
     */
    String rotate() {
        try {
            LogRotation.shift(path, backups);
        } catch (IOException e) {
            String why = "couldn't rotate " + path + ": " + e;
            rotateRetryAt = System.nanoTime() + RETRY_NANOS;
            if (rotationFailure == null) {
                rotationFailure = why;
                LOG.error(
                        "output error: {}: {}; the file keeps growing past its maxbytes, nothing is lost,"
                                + " and the rotation is retried",
                        describe(),
                        why);
            }
            return why;
        }
        if (rotationFailure != null) {
            LOG.info("output resumed: {}: {} rotated again", describe(), path);
            rotationFailure = null;
        }
        closeFd();
        atLineStart = true;
        open(true);
        return null;
    }

    /** Closes and reopens the file at its path (SIGUSR2: after logrotate moved it away). */
    void reopen() {
        closeFd();
        open(false);
    }

    /** Empties the file and deletes its backups. */
    void clear() {
        try {
            if (fd >= 0) {
                posix.truncate(fd);
                size = 0;
            }
            LogRotation.deleteBackups(path, backups);
        } catch (PosixException e) {
            fail("couldn't truncate " + path + ": " + Errno.describe(e.errno()));
        } catch (IOException e) {
            fail("couldn't delete the backups of " + path + ": " + e);
        }
        atLineStart = true;
    }

    @Override
    void close() {
        closeFd();
    }

    private void closeFd() {
        if (fd >= 0) {
            try {
                posix.close(fd);
            } catch (PosixException ignored) {
                // the descriptor is gone either way
            }
            fd = -1;
        }
    }

    /** The name of backup {@code i} of {@code path} (see {@link LogRotation#backup}). */
    static Path backup(Path path, int i) {
        return LogRotation.backup(path, i);
    }
}
