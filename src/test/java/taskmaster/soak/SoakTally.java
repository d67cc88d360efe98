package taskmaster.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the soak counted and every violation it saw; shared by all its threads. */
final class SoakTally {

    /** One broken promise: its kind (a short word), when (seconds into the soak) and what exactly. */
    record Violation(String kind, double atSeconds, String detail) {
        @Override
        public String toString() {
            return String.format("[%s at %.1f s] %s", kind, atSeconds, detail);
        }
    }

    private final long t0 = System.nanoTime();
    private final boolean echo;

    /** {@code echo}: print each violation as it happens, so a long soak shows them at once. */
    SoakTally(boolean echo) {
        this.echo = echo;
    }

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> maxLatency = new ConcurrentHashMap<>();
    private final List<Violation> violations = new ArrayList<>();

    double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    long get(String what) {
        AtomicLong n = counts.get(what);
        return n == null ? 0 : n.get();
    }

    void latency(String kind, long ms) {
        maxLatency.computeIfAbsent(kind, k -> new AtomicLong()).accumulateAndGet(ms, Math::max);
    }

    synchronized void violation(String kind, String detail) {
        Violation v = new Violation(kind, seconds(), detail);
        violations.add(v);
        if (echo) {
            System.err.println("SOAK violation " + v);
        }
    }

    synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    synchronized Map<String, Integer> violationsByKind() {
        Map<String, Integer> m = new TreeMap<>();
        violations.forEach(v -> m.merge(v.kind(), 1, Integer::sum));
        return m;
    }

    /** Counters whose name starts with {@code prefix}, without it. */
    Map<String, Long> counts(String prefix) {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v.get());
            }
        });
        return m;
    }

    Map<String, Long> maxLatencies() {
        Map<String, Long> m = new TreeMap<>();
        maxLatency.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
