package taskmaster.management;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.output.LogStream;
import taskmaster.output.OutputCounts;

/**
 * Tells followers that a process's captured output grew, at most once per process and stream
 * every {@link #PERIOD}. A ticker of its own compares the byte counts the output thread keeps
 * (read without a lock or a turn on that thread) with the last ones it saw, so neither the output
 * thread nor the event loop does anything more for it; a tick over quiet processes is a lookup
 * and two comparisons each.
 *
 * <p>The ticker runs only while a process bean has a listener: an idle daemon with nobody
 * following wakes up for nothing (issue 14: its four wake-ups a second were the idle daemon's
 * largest). The first listener starts it, the last one leaving stops it. A new ticker's first
 * turn only notes the counts it finds, so what was written while nobody listened is not told as
 * new output.
 */
final class OutputNotices implements AutoCloseable {

    /** What is told: the process, the stream that grew, its bytes so far. */
    interface Sink {
        void grew(String process, LogStream stream, long bytes);
    }

    static final Duration PERIOD = Duration.ofMillis(250);

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");

    private final Supplier<Collection<String>> processes;
    private final Function<String, OutputCounts> counts;
    private final Sink sink;
    /** The counts last seen, stdout then stderr; only the ticker's thread touches it. */
    private final Map<String, long[]> last = new HashMap<>();

    /** Guarded by this, as {@link #enabled} and {@link #listeners}. */
    private ScheduledExecutorService ticker;

    private boolean enabled;
    private int listeners;

    OutputNotices(Supplier<Collection<String>> processes, Function<String, OutputCounts> counts, Sink sink) {
        this.processes = processes;
        this.counts = counts;
        this.sink = sink;
    }

    /** From now on (until {@link #close}) the ticker runs while someone listens. */
    synchronized void start() {
        enabled = true;
        apply();
    }

    /** Listeners were added to a process bean ({@code delta} above 0) or removed (below 0). */
    synchronized void listeners(int delta) {
        listeners = Math.max(0, listeners + delta);
        apply();
    }

    /** Whether the ticker runs now. */
    synchronized boolean ticking() {
        return ticker != null;
    }

    private void apply() {
        boolean wanted = enabled && listeners > 0;
        if (wanted && ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("taskmaster-output-notices")
                    .daemon(true)
                    .factory());
            ticker.execute(this::note); // before the first tick: on the ticker's thread, which alone touches last
            ticker.scheduleWithFixedDelay(this::safeTick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        } else if (!wanted && ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    /** Notes every process's counts as seen, telling nothing: a new ticker's start. */
    private void note() {
        last.clear();
        for (String name : processes.get()) {
            OutputCounts c = counts.apply(name);
            last.put(name, new long[] {c.stdout(), c.stderr()});
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a failed tick must not end the ticker (a scheduled task that throws is never run again)
            LOG.warn("output notices: a tick failed: {}", e.toString());
        }
    }

    /** One comparison of every process's counts with the last seen; tells of those that grew. */
    void tick() {
        Collection<String> names = processes.get();
        for (String name : names) {
            OutputCounts c = counts.apply(name);
            long[] seen = last.computeIfAbsent(name, n -> new long[2]);
            if (c.stdout() != seen[0]) {
                seen[0] = c.stdout();
                sink.grew(name, LogStream.STDOUT, c.stdout());
            }
            if (c.stderr() != seen[1]) {
                seen[1] = c.stderr();
                sink.grew(name, LogStream.STDERR, c.stderr());
            }
        }
        if (last.size() > names.size()) {
            last.keySet().retainAll(new HashSet<>(names)); // removed by a reload
        }
    }

    @Override
    public synchronized void close() {
        enabled = false;
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
