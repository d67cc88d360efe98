package taskmaster.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one thread, {@value #THREAD_NAME}, that every asked check's I/O runs on: the non-blocking
 * connects and requests of tcp and http checks in one selector, the spawns of exec checks, and
 * every check's timeout. Started with the first check, so a daemon without checks has no such
 * thread. Callers hand work over with {@link #execute}; everything else is for that thread only.
 */
final class ProbeLoop implements AutoCloseable {
    static final String THREAD_NAME = "taskmaster-probes";
    private static final Logger LOG = LogManager.getLogger("taskmaster.checks");

    /** What a registered channel's readiness is handed to. */
    interface Handler {
        void ready(SelectionKey key);

        /** The loop is closing: give up, completing what waits on this. */
        void abandon();
    }

    /** A timeout; cancelling it from any thread keeps it from running (it leaves the queue at its time). */
    static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final long sequence;
        private final Runnable action;
        private volatile boolean cancelled;

        private Timer(long deadline, long sequence, Runnable action) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private Selector selector;
    private Thread thread;
    private long sequence;
    private volatile boolean closed;

    /** Runs {@code task} on the loop thread, soon; false once the loop is closed. */
    boolean execute(Runnable task) {
        Selector s = started();
        if (s == null) {
            return false;
        }
        tasks.add(task);
        s.wakeup();
        return true;
    }

    /** On the loop thread: runs {@code action} there in {@code millis} unless cancelled first. */
    Timer schedule(long millis, Runnable action) {
        Timer t = new Timer(System.nanoTime() + millis * 1_000_000L, sequence++, action);
        timers.add(t);
        return t;
    }

    /** On the loop thread: {@code channel} (non-blocking) is watched for {@code ops}. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    private synchronized Selector started() {
        if (closed) {
            return null;
        }
        if (thread == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("can't open the probes' selector", e);
            }
            thread = Thread.ofPlatform().name(THREAD_NAME).daemon().start(this::run);
        }
        return selector;
    }

    private void run() {
        try {
            while (!closed) {
                long wait = untilNextTimer();
                if (wait < 0) {
                    selector.selectNow(this::ready);
                } else {
                    selector.select(this::ready, wait);
                }
                runTimers();
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    runQuietly(r);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("probes: the selector failed, checks stop: {}", e.toString());
            }
        } finally {
            shutDown();
        }
    }

    private void ready(SelectionKey key) {
        if (key.attachment() instanceof Handler h) {
            runQuietly(() -> h.ready(key));
        }
    }

    /** Milliseconds to the next timer (0: none, wait for I/O or a task; negative: one is due). */
    private long untilNextTimer() {
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        if (!tasks.isEmpty()) {
            return -1;
        }
        Timer next = timers.peek();
        if (next == null) {
            return 0;
        }
        long nanos = next.deadline - System.nanoTime();
        return nanos <= 0 ? -1 : Math.max(1, nanos / 1_000_000L);
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().deadline - now <= 0) {
            Timer t = timers.poll();
            if (!t.cancelled) {
                runQuietly(t.action);
            }
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("probes: internal error in a check", e);
        }
    }

    /** On the loop thread, at its end: every channel still open is closed and its check completed. */
    private void shutDown() {
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Handler h) {
                    runQuietly(h::abandon);
                }
            }
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            LOG.warn("probes: while closing the selector: {}", e.toString());
        }
        Runnable r;
        while ((r = tasks.poll()) != null) {
            runQuietly(r); // a task handed over just before the close completes its check as abandoned
        }
    }

    /** Stops the thread; checks in flight complete as failed. */
    @Override
    public void close() throws InterruptedException {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        if (t != null) {
            selector.wakeup();
            t.join(5_000);
        }
    }

    /** Whether {@link #close} was called; tasks check it to complete at once rather than start I/O. */
    boolean closed() {
        return closed;
    }
}
