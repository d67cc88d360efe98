package taskmaster.engine;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/** A loop whose clock moves only when the test says so; the test thread is the loop thread. */
final class FakeLoop implements Loop {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final PriorityQueue<Pending> timers = new PriorityQueue<>();
    private long now;
    private long seq;
    private final long wallOffset = 1_790_000_000_000L;
    private static final int RUNAWAY = 10_000;
    private boolean elsewhere;

    @Override
    public long now() {
        return now;
    }

    @Override
    public long wallClock() {
        return wallOffset + now;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        Pending p = new Pending(now + delayMillis, seq++, task);
        timers.add(p);
        return p;
    }

    @Override
    public boolean inLoop() {
        return !elsewhere;
    }

    /**
     * Calls {@code call} as another thread would (a signal handler, a client): what it posts waits
     * in the queue behind the tasks already there, until the test runs them.
     */
    <T> T fromAnotherThread(java.util.function.Supplier<T> call) {
        elsewhere = true;
        try {
            return call.get();
        } finally {
            elsewhere = false;
        }
    }

    /** Runs every posted task (and what they post). */
    void runPending() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            t.run();
        }
    }

    /**
     * Moves the clock forward, running timers at their deadlines in order. A timer that keeps
     * re-arming itself at the same instant would spin forever: that is reported, not waited on.
     */
    void advance(long millis) {
        long target = now + millis;
        runPending();
        int fired = 0;
        while (true) {
            Pending first = timers.peek();
            if (first == null || first.deadline > target) {
                break;
            }
            timers.poll();
            if (first.cancelled) {
                continue;
            }
            now = first.deadline;
            if (++fired > RUNAWAY) {
                throw new IllegalStateException("runaway timers: more than " + RUNAWAY + " fired by t=" + now);
            }
            first.task.run();
            runPending();
        }
        now = target;
        runPending();
    }

    /** Whether a timer not called off is still to fire. */
    boolean hasTimers() {
        return timers.stream().anyMatch(p -> !p.cancelled);
    }

    /** The deadline of the next timer not called off, or -1. */
    long nextDeadline() {
        return timers.stream()
                .filter(p -> !p.cancelled)
                .mapToLong(p -> p.deadline)
                .min()
                .orElse(-1);
    }

    private static final class Pending implements Timer, Comparable<Pending> {
        final long deadline;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Pending(long deadline, long seq, Runnable task) {
            this.deadline = deadline;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
