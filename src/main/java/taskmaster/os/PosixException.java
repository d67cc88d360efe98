package taskmaster.os;

/** A native call failed; {@link #errno()} says why, the message names the call. */
public final class PosixException extends Exception {
    private final int errno;

    public PosixException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
