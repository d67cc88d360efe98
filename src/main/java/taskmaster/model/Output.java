package taskmaster.model;

import java.nio.file.Path;

/**
 * Where one output stream of a process goes. A stream that is not discarded is captured: the
 * program writes into a pipe and the daemon copies what it reads to the file or the console
 * (so the daemon can rotate, reopen, timestamp and read it back).
 */
public sealed interface Output {

    /** Discarded ({@code NONE}, or no setting): the program writes straight to /dev/null. */
    record Discard() implements Output {}

    /**
     * Appended to a file by the daemon, rotated by size.
     *
     * @param path     absolute
     * @param maxBytes rotate when the file reaches this size; 0 never rotates
     * @param backups  rotated files kept ({@code path.1} … {@code path.N}); 0 truncates instead
     */
    record ToFile(Path path, long maxBytes, int backups) implements Output {
        /** supervisord's defaults: 50 MB, 10 backups. */
        public static final long DEFAULT_MAXBYTES = 50L << 20;

        public static final int DEFAULT_BACKUPS = 10;

        public ToFile {
            if (maxBytes < 0 || backups < 0) {
                throw new IllegalArgumentException("negative maxbytes or backups for " + path);
            }
        }

        /** A file with the default rotation (50 MB, 10 backups). */
        public ToFile(Path path) {
            this(path, DEFAULT_MAXBYTES, DEFAULT_BACKUPS);
        }
    }

    /**
     * Copied to the daemon's own stdout ({@code fd} 1) or stderr (2), each line prefixed with
     * {@code process | }. Never rotated, never seeked (what {@code stdout = /dev/stdout} means).
     */
    record Forward(int fd) implements Output {
        public Forward {
            if (fd != 1 && fd != 2) {
                throw new IllegalArgumentException("forward to fd " + fd);
            }
        }
    }

    Output DISCARD = new Discard();
    Output DAEMON_STDOUT = new Forward(1);
    Output DAEMON_STDERR = new Forward(2);

    /** Whether the daemon reads this stream through a pipe (everything but a discard). */
    default boolean captured() {
        return !(this instanceof Discard);
    }
}
