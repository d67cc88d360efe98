package taskmaster.daemon;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The coalescing pause of the state and intent writers. Their thread is unparked by each change
 * (that is how an idle writer wakes), so a plain {@code parkNanos} returned at the next change of a
 * burst, and every change became a write of the whole file of its own: about 900 writes of the
 * state file while 1000 programs spawned, instead of one per interval.
 */
final class Pause {

    private Pause() {}

    /** Sleeps {@code nanos} whatever unparks the thread meanwhile; returns early once {@code cut}. */
    static void full(long nanos, BooleanSupplier cut) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !cut.getAsBoolean(); left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(Pause.class, left);
        }
    }
}
