package taskmaster.engine;

import java.util.concurrent.Executor;

/**
 * The one thread that owns all process state. Child exits, timers and commands are tasks posted
 * to it, so the engine needs no locks. Tests drive a fake one with a hand-moved clock.
 */
public interface Loop extends Executor {

    /** Monotonic milliseconds, for deadlines and uptimes; never the wall clock. */
    long now();

    /** Wall-clock epoch milliseconds, only for what is shown to people. */
    long wallClock();

    /** Runs {@code task} on the loop after {@code delayMillis}. */
    Timer schedule(long delayMillis, Runnable task);

    /** Whether the caller is the loop's own thread. */
    boolean inLoop();

    /** A scheduled task that can be called off. */
    interface Timer {
        void cancel();
    }
}
