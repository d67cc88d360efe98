package taskmaster.os;

import taskmaster.model.ProcessSpec;

/**
 * The pipes of one spawn; -1 where there is none. The child gets the write ends of stdout and
 * stderr and the read end of stdin (dup2'd onto 1, 2 and 0); the daemon keeps the other ends.
 * Every descriptor is close-on-exec, and the daemon's read ends are non-blocking.
 */
record ChildPipes(int outRead, int outWrite, int errRead, int errWrite, int inRead, int inWrite) {
    static final ChildPipes NONE = new ChildPipes(-1, -1, -1, -1, -1, -1);

    /** Whether the spec needs any pipe at all (if not, the spawn is exactly as without capture). */
    static boolean needed(ProcessSpec spec) {
        return spec.stdoutPiped() || spec.stderrPiped() || spec.stdinPipe();
    }

    static ChildPipes open(Posix posix, ProcessSpec spec) throws PosixException {
        int[] out = null;
        int[] err = null;
        int[] in = null;
        try {
            if (spec.stdoutPiped()) {
                out = posix.pipe();
                posix.setNonBlocking(out[0]);
            }
            if (spec.stderrPiped()) {
                err = posix.pipe();
                posix.setNonBlocking(err[0]);
            }
            if (spec.stdinPipe()) {
                in = posix.pipe();
                posix.setNonBlocking(in[1]);
            }
        } catch (PosixException e) {
            new ChildPipes(r(out), w(out), r(err), w(err), r(in), w(in)).closeAll(posix);
            throw e;
        }
        return new ChildPipes(r(out), w(out), r(err), w(err), r(in), w(in));
    }

    private static int r(int[] p) {
        return p == null ? -1 : p[0];
    }

    private static int w(int[] p) {
        return p == null ? -1 : p[1];
    }

    boolean any() {
        return outRead >= 0 || errRead >= 0 || inWrite >= 0;
    }

    /** After the spawn: the child has its copies, the daemon must not keep them (or EOF never comes). */
    void closeChildEnds(Posix posix) {
        close(posix, outWrite);
        close(posix, errWrite);
        close(posix, inRead);
    }

    void closeAll(Posix posix) {
        closeChildEnds(posix);
        close(posix, outRead);
        close(posix, errRead);
        close(posix, inWrite);
    }

    private static void close(Posix posix, int fd) {
        if (fd >= 0) {
            try {
                posix.close(fd);
            } catch (PosixException ignored) {
                // released anyway
            }
        }
    }
}
