package taskmaster.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's own stdout and stderr, shared by every process forwarded there. Only the output
 * thread writes, so lines never mix mid-line; when a process left a partial line and another
 * one writes to the same descriptor, a newline ends the partial line first (and the partial
 * line's continuation gets its prefix again). Never seeked, never rotated.
 */
final class Console {
    private static final Logger LOG = LogManager.getLogger("taskmaster.output");

    private final Posix posix;
    private final Sink[] openLine = new Sink[3];
    private final MemorySegment newline = Arena.ofAuto().allocate(1);
    private boolean failing;

    Console(Posix posix) {
        this.posix = posix;
        newline.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) '\n');
    }

    /** Before {@code sink} writes to {@code fd}: end another sink's partial line. */
    void claim(int fd, Sink sink) {
        Sink other = openLine[fd];
        if (other != null && other != sink) {
            write(fd, newline, 0, 1);
            other.atLineStart = true;
            openLine[fd] = null;
        }
    }

    /** After {@code sink} wrote to {@code fd}. */
    void release(int fd, Sink sink) {
        openLine[fd] = sink.atLineStart ? null : sink;
    }

    void write(int fd, MemorySegment data, long offset, long length) {
        try {
            while (length > 0) {
                long n = posix.write(fd, data, offset, length);
                if (n <= 0) {
                    throw new PosixException("write(" + fd + ")", Errno.EAGAIN);
                }
                offset += n;
                length -= n;
            }
            if (failing) {
                failing = false;
                LOG.info("output resumed: the daemon's console (fd {}) takes output again", fd);
            }
        } catch (PosixException e) {
            if (!failing) {
                failing = true;
                LOG.error("output error: couldn't write to the daemon's console (fd {}): {}; forwarded output is"
                        + " dropped until it can be written", fd, Errno.describe(e.errno()));
            }
        }
    }
}
