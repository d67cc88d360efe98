package taskmaster.os;

import static taskmaster.os.Syscall.PIDFD_OPEN;
import static taskmaster.os.Syscall.PIDFD_SEND_SIGNAL;

import java.util.Optional;

/**
 * A handle on one process that is not our child, which a signal can never miss into another
 * process: kill(pid) may hit whoever got the pid since we looked, pidfd_send_signal(2) reaches
 * the process the descriptor was opened on or nobody. Open it, then check the process behind the
 * pid is still the one wanted (its start time): from then on the descriptor is bound to it.
 */
public final class Pidfd implements AutoCloseable {

    private final int pid;
    private final int fd;
    private boolean closed;

    private Pidfd(int pid, int fd) {
        this.pid = pid;
        this.fd = fd;
    }

    /** A pidfd on {@code pid}, or empty when there is no such process (or not ours to open). */
    public static Optional<Pidfd> open(int pid) {
        long fd = PIDFD_OPEN.call(pid, 0);
        return fd < 0 ? Optional.empty() : Optional.of(new Pidfd(pid, (int) fd));
    }

    public int pid() {
        return pid;
    }

    /**
     * Sends {@code signal} to the process, if it has not ended.
     *
     * @return false when it has ended (ESRCH) or may not be signalled by us (EPERM)
     */
    public synchronized boolean signal(int signal) {
        if (closed) {
            return false;
        }
        return PIDFD_SEND_SIGNAL.call(fd, signal, 0, 0) >= 0;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                Posix.linux().close(fd);
            } catch (PosixException ignored) {
                // nothing to do: the descriptor is gone either way
            }
        }
    }
}
