package taskmaster.events;

import java.util.ArrayList;
import java.util.List;
import taskmaster.model.EventType;

/**
 * supervisord's {@code tick}: each period's event fires when the wall clock enters a new slice
 * of it (a multiple of 5, 60 or 3600 seconds since the epoch), carrying the slice's start. The
 * first look only notes the slices, so nothing fires at start.
 */
final class Ticker {

    private static final EventType[] TYPES = {EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600};
    private static final long[] PERIODS = {5, 60, 3600};

    private final long[] last = {-1, -1, -1};

    /** The ticks due at wall time {@code nowMillis}, shortest period first. */
    List<Event> at(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        List<Event> due = new ArrayList<>(3);
        for (int i = 0; i < PERIODS.length; i++) {
            long slice = slice(now, i);
            if (last[i] < 0) {
                last[i] = slice;
            } else if (slice != last[i]) {
                last[i] = slice;
                due.add(Payloads.tick(TYPES[i], slice));
            }
        }
        return due;
    }

    /** Notes the slices at {@code nowMillis} without firing: the next tick fires only when a new one begins. */
    void note(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        for (int i = 0; i < PERIODS.length; i++) {
            last[i] = slice(now, i);
        }
    }

    /** The start of the slice of period {@code i} that second {@code now} is in. */
    private static long slice(long now, int i) {
        return now - Math.floorMod(now, PERIODS[i]);
    }

    /** Milliseconds from {@code nowMillis} to the next multiple of 5 seconds, when the next tick may be due. */
    static long untilNext(long nowMillis) {
        return 5000 - Math.floorMod(nowMillis, 5000);
    }
}
