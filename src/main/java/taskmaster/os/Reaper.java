package taskmaster.os;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.ExitStatus;

/**
 * Learns that children ended, for all of them, with one thread and no polling: each child's
 * pidfd is in one {@link EpollLoop}, whose thread {@value #THREAD_NAME} sleeps in epoll_wait until
 * one becomes readable (the process has exited). Only the children handed to {@link #watch} are ever
 * reaped, each through its own pidfd, never with waitpid(-1): whatever else in the JVM starts
 * processes (ProcessBuilder) keeps reaping its own.
 */
final class Reaper implements AutoCloseable {
    static final String THREAD_NAME = "taskmaster-reaper";
    static final String CLOSED = "the launcher is closed";
    private static final Logger LOG = LogManager.getLogger(Reaper.class);
    private static final int SIGKILL = 9;
    /** The exit code reported for a child whose status could not be collected. */
    static final int UNKNOWN_STATUS = -1;

    /** A child not reaped yet. Its monitor orders signalling against reaping (see {@link #signal}). */
    private static final class Child {
        final int pid;
        final int pidfd;
        final Consumer<ExitStatus> onExit;
        boolean reaped;

        Child(int pid, int pidfd, Consumer<ExitStatus> onExit) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.onExit = onExit;
        }
    }

    private final Posix posix;
    /** Told of each child just before it is reaped, while its number is still ours. */
    private final ChildGuard guard;

    private final EpollLoop loop;
    private final Map<Integer, Child> children = new ConcurrentHashMap<>();
    private volatile boolean closing;

    Reaper(Posix posix, ChildGuard guard) throws PosixException {
        this.posix = posix;
        this.guard = guard;
        this.loop = new EpollLoop(posix, THREAD_NAME, "exit detection", LOG);
        loop.start(pid -> {
            Child child = children.get((int) pid);
            if (child != null) {
                reap(child);
            }
        });
    }

    /**
     * Starts watching {@code pid}, a child of this JVM not reaped yet. A child that already
     * exited is still a zombie, and pidfd_open works on zombies: its exit is reported at once.
     *
     * The child leads its own process group; when it ends, what is left of that group is
     * SIGKILLed before it is reaped, whatever stopasgroup and killasgroup say: those keys choose
     * where the stop signals go, never whether a program may leave orphans behind.
     *
     * @param onExit called once, on the reaper thread, after the child is reaped
     */
    void watch(int pid, Consumer<ExitStatus> onExit) throws PosixException {
        ensureOpen();
        int pidfd = posix.pidfdOpen(pid);
        // In the map before epoll can report it: the reaper looks children up by pid.
        children.put(pid, new Child(pid, pidfd, onExit));
        try {
            // Adding to an epoll set is safe while the reaper thread sits in epoll_wait on it.
            loop.add(pidfd, pid);
        } catch (PosixException e) {
            children.remove(pid);
            closeQuietly(pidfd);
            throw e;
        }
    }

    /**
     * Signals a watched child or its process group. Holding the child's monitor keeps the
     * reaper from reaping it meanwhile, so the pid (and the pgid, which is the same number) is
     * still ours and cannot have been reused by some unrelated process.
     *
     * @return false when the child is not (or no longer) watched, or already gone
     */
    boolean signal(int pid, int signal, boolean group) throws PosixException {
        Child child = children.get(pid);
        if (child == null) {
            return false;
        }
        synchronized (child) {
            if (child.reaped) {
                return false;
            }
            try {
                posix.kill(group ? -pid : pid, signal);
                return true;
            } catch (PosixException e) {
                if (e.errno() == Errno.ESRCH) {
                    return false;
                }
                throw e;
            }
        }
    }

    void ensureOpen() {
        if (closing) {
            throw new IllegalStateException(CLOSED);
        }
    }

    /** How many children are watched and not reaped yet. */
    int watching() {
        return children.size();
    }

    private void reap(Child child) {
        ExitStatus status;
        synchronized (child) {
            // The leader is dead but not reaped: as a zombie it still holds its pid, so the
            // group id (the same number) cannot have been reused and this SIGKILL only
            // reaches what the program left behind. ESRCH just means nothing was left.
            try {
                posix.kill(-child.pid, SIGKILL);
            } catch (PosixException e) {
                if (e.errno() != Errno.ESRCH) {
                    LOG.warn("couldn't kill process group {}: {}", child.pid, e.getMessage());
                }
            }
            Optional<Posix.Reaped> reaped;
            try {
                guard.removed(child.pid);
                reaped = posix.waitPidfd(child.pidfd, false);
                if (reaped.isEmpty()) {
                    guard.added(child.pid);
                    return; // not exited after all: keep watching
                }
            } catch (PosixException e) {
                // ECHILD: something else in the JVM reaped it (a waitpid(-1) we don't own). The exit
                // is real but its status is lost; report it anyway, or it would look alive forever
                // and its readable pidfd would spin this loop.
                LOG.error(
                        "couldn't reap process {}, reporting it ended with status unknown: {}",
                        child.pid,
                        e.getMessage());
                reaped = Optional.of(new Posix.Reaped(child.pid, Posix.Reaped.CLD_EXITED, UNKNOWN_STATUS));
            }
            child.reaped = true;
            children.remove(child.pid);
            try {
                loop.remove(child.pidfd);
            } catch (PosixException e) {
                LOG.warn("couldn't stop watching process {}: {}", child.pid, e.getMessage());
            }
            closeQuietly(child.pidfd);
            Posix.Reaped r = reaped.get();
            status = r.bySignal() ? ExitStatus.killed(r.status()) : ExitStatus.exited(r.status());
        }
        try {
            child.onExit.accept(status);
        } catch (RuntimeException | Error e) {
            LOG.error("exit handler of process {} failed", child.pid, e);
        }
    }

    /**
     * Stops the reaper thread and releases its descriptors. Children still running are not
     * touched: they keep running, and whoever stops them no longer hears of their exit.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            loop.stop();
        } catch (PosixException e) {
            LOG.warn("couldn't wake the reaper: {}", e.getMessage());
        }
        loop.close(0);
        children.values().forEach(c -> closeQuietly(c.pidfd));
        children.clear();
    }

    private void closeQuietly(int fd) {
        try {
            posix.close(fd);
        } catch (PosixException e) {
            LOG.warn("couldn't close descriptor {}: {}", fd, e.getMessage());
        }
    }
}
