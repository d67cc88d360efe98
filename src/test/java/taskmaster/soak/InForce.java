package taskmaster.soak;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which configuration the daemon runs: the last one a reload was seen to complete, and the one a
 * reload under way is applying. Between the two the daemon may be in either, so a client takes
 * the worst of both for a bound, and calls a name certain only when both have it.
 */
final class InForce {

    private volatile SoakModel current;
    private volatile SoakModel pending;
    /** Reloads begun so far: a request that sees it change overlapped one. */
    private final AtomicLong reloadsBegun = new AtomicLong();

    InForce(SoakModel first) {
        this.current = first;
    }

    SoakModel current() {
        return current;
    }

    /** The configuration being applied, or null when no reload is under way. */
    SoakModel pending() {
        return pending;
    }

    void begin(SoakModel next) {
        pending = next;
        reloadsBegun.incrementAndGet();
    }

    /**
     * A mark for {@link #overlapped}: a request that takes one before it is sent and one after its
     * answer overlapped a reload when they differ, or when a reload was under way at either.
     */
    long mark() {
        return pending != null ? -1 : reloadsBegun.get();
    }

    static boolean overlapped(long before, long after) {
        return before < 0 || after < 0 || before != after;
    }

    void done(SoakModel next) {
        current = next;
        pending = null;
    }

    /** Whether every name resolves in the configuration in force whatever the reload under way does. */
    boolean certain(String names) {
        SoakModel p = pending; // read before current: done() writes current first
        SoakModel c = current;
        return c.select(names) != null && (p == null || p.select(names) != null);
    }

    long boundMs(String verb, String names) {
        SoakModel p = pending;
        SoakModel c = current;
        long b = c.boundMs(verb, names);
        return p == null ? b : Math.max(b, p.boundMs(verb, names));
    }
}
