package taskmaster.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.apache.logging.log4j.Logger;

/**
 * One thread sleeping in epoll_wait on a set of descriptors, with no polling and no timeout: it
 * wakes only when one of them is readable, or when another thread {@link #wake}s it through an
 * eventfd in the same set. The reaper (pidfds) and the output capture (pipes) each run one, on
 * threads of their own, so that a log write that hangs never delays the report of an exit.
 *
 * <p>Each descriptor is registered with a key of the owner's choosing (a pid, a pipe's number),
 * handed back to {@link Handler#ready} on the loop's thread. {@link #WAKE_UP} is reserved.
 */
final class EpollLoop {
    /** The key of the wake-up eventfd; an owner's keys are never negative. */
    static final long WAKE_UP = -1;

    private static final int BATCH = 64;

    /** What the loop's thread does with what epoll reports. */
    interface Handler {
        /** {@code key}'s descriptor is readable (or hung up). */
        void ready(long key);

        /** Another thread called {@link #wake}. */
        default void woken() {}
    }

    private final Posix posix;
    /** Names what stops when epoll_wait fails, e.g. "exit detection". */
    private final String role;
    /** The owner's logger, so that the loop's messages read as the owner's. */
    private final Logger log;

    private final int epfd;
    private final int wakeFd;
    private final MemorySegment wakeBuffer = Arena.ofAuto().allocate(8, 8);
    private final Thread thread;
    private Handler handler;
    private volatile boolean stopping;

    /** Creates the epoll set and its eventfd; the thread {@code threadName} starts with {@link #start}. */
    EpollLoop(Posix posix, String threadName, String role, Logger log) throws PosixException {
        this.posix = posix;
        this.role = role;
        this.log = log;
        this.epfd = posix.epollCreate();
        try {
            this.wakeFd = posix.eventfd();
            posix.epollAdd(epfd, wakeFd, WAKE_UP);
        } catch (PosixException e) {
            closeQuietly(epfd);
            throw e;
        }
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
    }

    void start(Handler handler) {
        this.handler = handler;
        thread.start();
    }

    /** Watches {@code fd} for EPOLLIN; safe while the loop's thread sits in epoll_wait. */
    void add(int fd, long key) throws PosixException {
        posix.epollAdd(epfd, fd, key);
    }

    /**
     * Stops watching {@code fd}. Done explicitly rather than left to close(): a posix_spawn running
     * meanwhile holds a copy of every descriptor until its exec, which would keep it registered.
     */
    void remove(int fd) throws PosixException {
        posix.epollDelete(epfd, fd);
    }

    /** Makes the loop's thread call {@link Handler#woken} soon. Never blocks. */
    void wake() throws PosixException {
        posix.eventfdSignal(wakeFd);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Makes the loop end after the handler call under way (if any), and wakes it so it sees that;
     * callable from the loop's thread too.
     */
    void stop() throws PosixException {
        stopping = true;
        wake();
    }

    /**
     * Waits for the loop's thread to end (forever with 0), unless called on it, then closes the
     * epoll set and the eventfd. Descriptors still registered are the owner's to close.
     */
    void close(long boundMillis) {
        stopping = true;
        if (!inLoop()) {
            try {
                thread.join(boundMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(wakeFd);
        closeQuietly(epfd);
    }

    private void run() {
        long[] ready = new long[BATCH];
        while (!stopping) {
            int n;
            try {
                n = posix.epollWait(epfd, ready);
            } catch (PosixException e) {
                log.error("{} stopped: {}", role, e.getMessage());
                return;
            }
            for (int i = 0; i < n && !stopping; i++) {
                if (ready[i] == WAKE_UP) {
                    resetWakeUp();
                    handler.woken();
                } else {
                    handler.ready(ready[i]);
                }
            }
        }
    }

    private void resetWakeUp() {
        try {
            posix.read(wakeFd, wakeBuffer, 8);
        } catch (PosixException e) {
            log.warn("couldn't reset the wake-up of {}: {}", thread.getName(), e.getMessage());
        }
    }

    private void closeQuietly(int fd) {
        try {
            posix.close(fd);
        } catch (PosixException e) {
            log.warn("couldn't close descriptor {}: {}", fd, e.getMessage());
        }
    }
}
