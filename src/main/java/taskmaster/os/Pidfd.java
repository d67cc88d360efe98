package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A handle on one process that is not our child, which a signal can never miss into another
 * process: kill(pid) may hit whoever got the pid since we looked, pidfd_send_signal(2) reaches
 * the process the descriptor was opened on or nobody. Open it, then check the process behind the
 * pid is still the one wanted (its start time): from then on the descriptor is bound to it.
 */
public final class Pidfd implements AutoCloseable {

    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final MethodHandle SYSCALL4 = Libc.variadicWithErrno("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);

    private final int pid;
    private final int fd;
    private boolean closed;

    private Pidfd(int pid, int fd) {
        this.pid = pid;
        this.fd = fd;
    }

    /** A pidfd on {@code pid}, or empty when there is no such process (or not ours to open). */
    public static Optional<Pidfd> open(int pid) {
        try {
            return Optional.of(new Pidfd(pid, (int) call(SYS_PIDFD_OPEN, pid, 0, 0, 0, "pidfd_open(" + pid + ")")));
        } catch (PosixException e) {
            return Optional.empty();
        }
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
        try {
            call(SYS_PIDFD_SEND_SIGNAL, fd, signal, 0, 0, "pidfd_send_signal(" + pid + ", " + signal + ")");
            return true;
        } catch (PosixException e) {
            return false;
        }
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

    private static long call(long nr, long a, long b, long c, long d, String what) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            long r = (long) SYSCALL4.invokeExact(state, nr, a, b, c, d);
            if (r < 0) {
                throw new PosixException(what, Libc.errno(state));
            }
            return r;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
