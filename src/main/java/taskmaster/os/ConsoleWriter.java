package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's own stdout or stderr, written by a thread of its own ({@value #THREAD_PREFIX}N)
 * from a bounded buffer of {@value #CAPACITY} bytes, so that nothing else ever waits on it. A
 * console that takes output slower than it comes (a paused terminal, a pipe nobody reads, a
 * container log reader that falls behind) fills the buffer; what does not fit then is dropped
 * whole and counted, reported once ({@code output dropped: }), and the recovery is reported with
 * the count once the buffer has drained ({@code output resumed: }). The writing thread may block
 * on the console forever; the threads that offer output never do.
 *
 * <p>One writer per descriptor (1 and 2), for the whole JVM: forwarded program output and, in
 * the foreground, the event log's console lines ({@link #installAsSystemStreams}) go through the
 * same buffer, so they keep their order and no line of one cuts into the other.
 */
public final class ConsoleWriter {
    static final String THREAD_PREFIX = "taskmaster-console-";
    static final int CAPACITY = 1024 * 1024;
    /** How long the JVM's exit waits for what is buffered to reach the console. */
    private static final long DRAIN_AT_EXIT_MILLIS = 1000;

    static final long LINGER_NANOS = 5_000_000;

    private static final Logger LOG = LogManager.getLogger("taskmaster.output");
    private static final ConsoleWriter[] BY_FD = new ConsoleWriter[3];

    private final Posix posix;
    private final int fd;
    private final MemorySegment ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Byte counts since the start, never wrapped: [tail, head) is buffered, at ring[count % CAPACITY].
    private long head;
    private long tail;
    private long dropped;
    private boolean writeFailing;
    /** Whether the writer waits for a signal: only then does an offer wake it (see {@link #run}). */
    private boolean writerParked;

    private ConsoleWriter(Posix posix, int fd, int capacity) {
        this.posix = posix;
        this.fd = fd;
        this.ring = Pages.map(capacity, Arena.global());
        Thread.ofPlatform().name(THREAD_PREFIX + fd).daemon().start(this::run);
    }

    /** The writer of descriptor 1 or 2, started at the first use. */
    static synchronized ConsoleWriter of(int fd) {
        if (fd != 1 && fd != 2) {
            throw new IllegalArgumentException("not the daemon's stdout or stderr: " + fd);
        }
        if (BY_FD[fd] == null) {
            BY_FD[fd] = new ConsoleWriter(Posix.linux(), fd, CAPACITY);
            ConsoleWriter w = BY_FD[fd];
            Runtime.getRuntime()
                    .addShutdownHook(Thread.ofPlatform()
                            .name(THREAD_PREFIX + fd + "-drain")
                            .unstarted(() -> w.awaitDrained(DRAIN_AT_EXIT_MILLIS)));
        }
        return BY_FD[fd];
    }

    /** A writer of {@code fd} with a buffer of {@code capacity} bytes (for tests). */
    static ConsoleWriter forTest(Posix posix, int fd, int capacity) {
        return new ConsoleWriter(posix, fd, capacity);
    }

    /**
     * Makes {@code System.out} and {@code System.err} write through the writers of 1 and 2, so
     * that a console appender of the event log (with {@code follow = true}) never blocks the
     * thread that logs: the engine's loop logs every state change.
     */
    public static void installAsSystemStreams() {
        System.setOut(new PrintStream(of(1).stream(), true));
        System.setErr(new PrintStream(of(2).stream(), true));
    }

    /** Buffers {@code data[offset, offset + length)}, or drops all of it when it does not fit. Never blocks. */
    void offer(MemorySegment data, long offset, long length) {
        offer(data, null, offset, length);
    }

    void offer(byte[] data, int offset, int length) {
        offer(null, data, offset, length);
    }

    private void offer(MemorySegment segment, byte[] array, long offset, long length) {
        if (length <= 0) {
            return;
        }
        long capacity = ring.byteSize();
        boolean firstDrop = false;
        lock.lock();
        try {
            if (capacity - (head - tail) < length) {
                firstDrop = dropped == 0;
                dropped += length;
            } else {
                long at = head % capacity;
                long first = Math.min(length, capacity - at);
                copy(segment, array, offset, at, first);
                copy(segment, array, offset + first, 0, length - first);
                head += length;
                if (writerParked || head - tail > capacity / 2) { // half full: no lingering, lest it fill
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (firstDrop) {
            // Not logged here: the caller may be inside the logging system itself (its console
            // appender writes through this writer), and a log call must not re-enter it.
            Thread.ofVirtual()
                    .start(() -> LOG.error(
                            "output dropped: the daemon's console (fd {}) takes output slower than it comes (its"
                                    + " {}-byte buffer is full); console output is dropped and counted until it catches"
                                    + " up",
                            fd,
                            capacity));
        }
    }

    private void copy(MemorySegment segment, byte[] array, long from, long at, long n) {
        if (n <= 0) {
            return;
        }
        if (segment != null) {
            MemorySegment.copy(segment, from, ring, at, n);
        } else {
            MemorySegment.copy(array, (int) from, ring, JAVA_BYTE, at, (int) n);
        }
    }

    /** Bytes dropped since the last recovery. */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything offered so far was written (or dropped at a write error). */
    boolean awaitDrained(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            long target = head;
            while (tail < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** An OutputStream over {@link #offer}: never blocks, drops what does not fit. */
    OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                offer(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                offer(b, off, len);
            }
        };
    }

    /**
     * After a write the writer lingers {@value #LINGER_NANOS} ns before it waits to be woken: what
     * is offered meanwhile is written at the linger's end, and its offer signals nobody. In the
     * foreground the event log's two lines per spawn came through here; the wake of this thread
     * for each (a futex call, and on 2 busy cores the woken thread preempting the loop) took 8 % of
     * the loop's wall time while 1000 programs spawned, a spawn every 2 to 4 ms. A line after a
     * quiet spell is written at once; one amid a burst waits 5 ms at most, and a ring half full
     * wakes the writer at once, so a fast producer is not dropped for the linger.
     */
    private void run() {
        long capacity = ring.byteSize();
        boolean linger = false;
        while (true) {
            long from;
            long n;
            lock.lock();
            try {
                while (head == tail) {
                    if (linger) {
                        linger = false;
                        try {
                            changed.awaitNanos(LINGER_NANOS);
                        } catch (InterruptedException e) {
                            // this thread is never interrupted; the loop looks again either way
                        }
                    } else {
                        writerParked = true;
                        try {
                            changed.awaitUninterruptibly();
                        } finally {
                            writerParked = false;
                        }
                    }
                }
                from = tail % capacity;
                n = Math.min(head - tail, capacity - from); // up to the end of the ring, then from 0
            } finally {
                lock.unlock();
            }
            // [from, from + n) is the writer's alone: offers only fill the free part of the ring.
            long written = write(from, n);
            linger = true;
            long recovered = 0;
            lock.lock();
            try {
                tail += written;
                if (tail == head && dropped > 0) {
                    recovered = dropped;
                    dropped = 0;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (recovered > 0) {
                LOG.info(
                        "output resumed: the daemon's console (fd {}) takes output again; {} bytes were dropped",
                        fd,
                        recovered);
            }
        }
    }

    /** Writes {@code ring[from, from + n)}, blocking as long as the console does; at an error, skips it. */
    private long write(long from, long n) {
        long done = 0;
        while (done < n) {
            long w;
            try {
                w = posix.write(fd, ring, from + done, n - done);
            } catch (PosixException e) {
                if (!writeFailing) {
                    writeFailing = true;
                    LOG.error(
                            "output error: couldn't write to the daemon's console (fd {}): {}; console output is"
                                    + " dropped until it can be written",
                            fd,
                            Errno.describe(e.errno()));
                }
                return n; // skipped: the next bytes are tried again
            }
            if (w <= 0) {
                // EAGAIN: someone made the descriptor non-blocking; wait a little rather than spin.
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                continue;
            }
            done += w;
        }
        if (writeFailing) {
            writeFailing = false;
            LOG.info("output resumed: the daemon's console (fd {}) takes output again", fd);
        }
        return done;
    }
}
