package taskmaster.resources;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU in percent of one core over the last interval, per process name: the growth of its group's
 * CPU time over the wall time between two samples of the same pid. The sampler's thread only.
 */
final class CpuRate {
    private record Last(long pid, long ticks, long nanos) {}

    private final long ticksPerSecond;
    private final Map<String, Last> last = new HashMap<>();

    CpuRate(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Records this sample and returns the rate since the previous one: -1 when there was none of
     * the same pid (a first sample, or a new spawn), 0 when the total fell (a member left the
     * group with its time) or no time passed.
     */
    double percent(String name, long pid, long ticks, long nanos) {
        Last before = last.put(name, new Last(pid, ticks, nanos));
        if (before == null || before.pid != pid) {
            return -1;
        }
        long elapsed = nanos - before.nanos;
        long used = ticks - before.ticks;
        if (elapsed <= 0 || used <= 0) {
            return 0;
        }
        return used * 100.0 * 1_000_000_000L / ticksPerSecond / elapsed;
    }

    /** Forgets every name but these (processes that stopped or were removed). */
    void keepOnly(Set<String> names) {
        last.keySet().retainAll(names);
    }
}
