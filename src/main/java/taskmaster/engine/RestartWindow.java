package taskmaster.engine;

import java.util.ArrayDeque;

/**
 * The restart rate limit, systemd's StartLimitBurst within StartLimitIntervalSec: the times
 * (monotonic ms) of the restarts from RUNNING within the last window. A restart that would be one
 * more than the limit is refused; it is not recorded, so the window slides on the restarts that
 * were made.
 */
final class RestartWindow {

    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /**
     * Records a restart at {@code now} and returns true, or returns false when {@code limit} restarts
     * were made within the {@code windowMs} before it. A limit of 0 allows every restart.
     */
    boolean allow(long now, int limit, long windowMs) {
        if (limit <= 0) {
            times.clear();
            return true;
        }
        while (!times.isEmpty() && times.peekFirst() <= now - windowMs) {
            times.pollFirst();
        }
        // A reload may lower the limit below what the window holds: the oldest beyond it go.
        while (times.size() > limit) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** The restarts the window holds now (those not yet slid out of it at the last check). */
    int size() {
        return times.size();
    }

    /** An operator's start counts afresh. */
    void clear() {
        times.clear();
    }
}
