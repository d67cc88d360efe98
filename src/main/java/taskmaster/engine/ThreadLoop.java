package taskmaster.engine;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The real event loop: one platform thread that runs posted tasks in order and timers at their
 * deadline. It sleeps until the next deadline or the next post, so a thousand quiet processes
 * cost it nothing.
 */
public final class ThreadLoop implements Loop, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ThreadLoop.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>();
    private final Thread thread;
    private long sequence;
    private boolean closed;

    public ThreadLoop(String name) {
        thread = Thread.ofPlatform().name(name).daemon(false).unstarted(this::run);
        thread.start();
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public long wallClock() {
        return System.currentTimeMillis();
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (closed) {
                throw new java.util.concurrent.RejectedExecutionException("event loop is closed");
            }
            tasks.add(task);
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        lock.lock();
        try {
            Scheduled s = new Scheduled(now() + Math.max(0, delayMillis), sequence++, task);
            timers.add(s);
            wake.signal();
            return s;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the loop after the tasks already posted; waits for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        if (!inLoop()) {
            thread.join();
        }
    }

    private void run() {
        while (true) {
            Runnable next;
            lock.lock();
            try {
                next = nextTask();
                if (next == null) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // A bug in one task must not stop supervision of every other process.
                LOG.error("internal error: event loop task failed; please report it", e);
            }
        }
    }

    /** Called with the lock held: the next task or due timer, waiting as long as there is none. */
    private Runnable nextTask() throws InterruptedException {
        while (true) {
            Runnable task = tasks.poll();
            if (task != null) {
                return task;
            }
            if (closed) {
                return null;
            }
            Scheduled first = timers.peek();
            if (first == null) {
                wake.await();
                continue;
            }
            if (first.cancelled) {
                timers.poll();
                continue;
            }
            long wait = first.deadline - now();
            if (wait <= 0) {
                timers.poll();
                return first.task;
            }
            wake.await(wait, TimeUnit.MILLISECONDS);
        }
    }

    private static final class Scheduled implements Timer, Comparable<Scheduled> {
        final long deadline;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Scheduled(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            // Left in the queue and skipped when it comes up: removal from a heap is O(n).
            cancelled = true;
        }

        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
