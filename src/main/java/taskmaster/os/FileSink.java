package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
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
 *
 * <p><b>Splice.</b> A chunk nothing in the daemon needs to see (no timestamps, no tap, no log
 * check: the output thread decides) is moved from the pipe to the file by {@link #splice}, inside
 * the kernel, never through the daemon's memory. splice refuses a descriptor opened O_APPEND, so
 * it goes through a second one of the same open file, without O_APPEND ({@link #spliceFd}, opened
 * through /proc/self/fd, so a file renamed away meanwhile is still the one written), and each
 * splice first seeks it to the end: it appends like the O_APPEND one, after a truncation too and
 * next to other sinks of the same file (all on the output thread). A file that does not take
 * splice (a file system without it, an append-only file) is copied to from then on. A splice that
 * fails on a write error (ENOSPC, EIO) moved nothing: its chunk is copied through {@link #write},
 * which keeps what the disk takes and reports the failure, exactly as without splice.
 */
final class FileSink extends Sink {
    private static final Logger LOG = LogManager.getLogger("taskmaster.output");
    private static final int O_TRUNC = 01000;
    private static final int APPEND = SpawnRequest.O_WRONLY | SpawnRequest.O_CREAT | SpawnRequest.O_APPEND;
    private static final int MODE = 0666;
    private static final long RETRY_NANOS = 1_000_000_000L;
    private static final int O_RDWR = 2;
    /**
     * Whether chunks may be spliced at all: {@code TASKMASTER_SPLICE=off} in the daemon's
     * environment copies everything, to compare the two paths on one build or to avoid a file
     * system whose splice misbehaves.
     */
    static final boolean SPLICE_ON = !"off".equals(System.getenv("TASKMASTER_SPLICE"));
    /**
     * At most this much per splice call. A splice holds the pipe's lock while it writes the file,
     * so the program writing to the pipe waits meanwhile: on a loaded machine, one call for a whole
     * 1 MiB pipe doubled the producer's time and tripled the reader's CPU against 64 KiB calls (a
     * 200 MB stream, docs/performance.md, issue 14); on a quiet one the sizes measured alike.
     */
    private static final long SPLICE_CHUNK = 64 * 1024;
    /** At most this much per {@link #splice}, like one read of the output thread: then the other pipes' turn. */
    private static final long SPLICE_TURN = OutputLoop.BUFFER;
    /** What {@link #splice} returns when the chunk must be copied (read, then {@link #write}) instead. */
    static final long COPY = -2;

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
    /** The file again, without O_APPEND, for splice; -1 until the first splice after an open. */
    private int spliceFd = -1;
    /** splice was refused for this file: it is copied to from now on. */
    private boolean spliceRefused;
    /**
     * The last bytes of this sink went in by splice, never through the daemon, so {@link
     * #atLineStart} does not know them: the byte at {@link #lastSpliced} in the file does.
     */
    private boolean lineStartUnknown;

    private long lastSpliced;

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

    /** Whether the next chunk may be spliced: no timestamps to put in, and the file takes splice. */
    boolean spliceable() {
        return SPLICE_ON && !timestamps && !spliceRefused;
    }

    /**
     * Moves what {@code pipe} (the pipe of this stream) holds to the file, up to {@link
     * #SPLICE_TURN}, in calls of {@link #SPLICE_CHUNK}, split at the rotation limit as {@link
     * #write} splits a chunk (a splice up to the limit, the rotation, the next splice), and counts
     * it in the file's size. The file is sought to its end once per turn and after a rotation.
     *
     * @return the bytes moved, 0 at end of file, -1 when the pipe has nothing, or {@link #COPY}:
     *     the bytes are still in the pipe and must be copied, this time (the file is not open, or a
     *     write error that {@link #write} reports) or from now on (splice refused)
     */
    long splice(int pipe) {
        long total = 0;
        long end = -1; // where the splice descriptor is: unknown until sought
        while (total < SPLICE_TURN) {
            if (full() && rotationDue()) {
                rotate();
                end = -1;
            }
            // a file that could not be opened is retried (and its loss counted) by write()
            if (fd < 0 || (spliceFd < 0 && !openSpliceFd())) {
                return total > 0 ? total : COPY;
            }
            long n = maxBytes > 0 && size < maxBytes ? Math.min(SPLICE_CHUNK, maxBytes - size) : SPLICE_CHUNK;
            long moved;
            try {
                if (end < 0) {
                    end = posix.seekEnd(spliceFd);
                }
                moved = posix.splice(pipe, spliceFd, n);
            } catch (PosixException e) {
                refuseUnlessDiskError(e);
                return total > 0 ? total : COPY;
            }
            if (moved <= 0) {
                return total > 0 ? total : moved;
            }
            size += moved;
            total += moved;
            end += moved;
            lineStartUnknown = true;
            lastSpliced = end - 1;
            if (moved < n) {
                break; // the pipe is empty (for now)
            }
        }
        if (full() && rotationDue()) {
            rotate();
        }
        return total;
    }

    private boolean openSpliceFd() {
        try {
            // Read and write: the last byte spliced is read back when timestamps come on.
            spliceFd = posix.open("/proc/self/fd/" + fd, O_RDWR, 0);
            return true;
        } catch (PosixException e) {
            refuse(e);
            return false;
        }
    }

    /** A disk that is full or failing is the write's to report (the chunk is copied); anything else refuses splice. */
    private void refuseUnlessDiskError(PosixException e) {
        int errno = e.errno();
        if (errno != Errno.ENOSPC && errno != Errno.EIO && errno != Errno.EDQUOT && errno != Errno.EFBIG) {
            refuse(e);
        }
    }

    private void refuse(PosixException e) {
        spliceRefused = true;
        LOG.debug(
                "output copied: {}: {} refused splice(2): {}; its output is copied from now on",
                describe(),
                path,
                e.getMessage());
    }

    /** Whether splice was refused for this file (it is copied to). */
    boolean spliceRefused() {
        return spliceRefused;
    }

    @Override
    void accept(MemorySegment in, long length, LineFormatter formatter) {
        if (lineStartUnknown) {
            lineStartUnknown = false;
            if (timestamps) {
                atLineStart = splicedLineEnds();
            }
        }
        super.accept(in, length, formatter);
    }

    /** Whether the last byte this sink spliced is a newline (yes when it cannot be read back). */
    private boolean splicedLineEnds() {
        if (spliceFd < 0) {
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment last = arena.allocate(1);
            return posix.pread(spliceFd, last, 1, lastSpliced) != 1 || last.get(JAVA_BYTE, 0) == '\n';
        } catch (PosixException e) {
            return true; // a file that cannot be read back: its next line gets its timestamp
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
        lineStartUnknown = false;
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
        lineStartUnknown = false;
    }

    @Override
    void close() {
        closeFd();
    }

    private void closeFd() {
        if (spliceFd >= 0) {
            OutputCapture.closeQuietly(posix, spliceFd);
            spliceFd = -1;
        }
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
