package taskmaster.resources;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.Engine;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.UsageSample;
import taskmaster.os.Sysconf;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputCounts;

/**
 * Samples what running processes cost on a thread of its own, {@value #THREAD_NAME} (a daemon
 * thread at the lowest priority, never the event loop), reading {@code /proc} once a sample for
 * the processes that have a pid ({@link GroupScan}). It samples only what something needs, so an
 * idle daemon that nobody watches and that has no usage limit does not wake up at all (issue 14):
 *
 * <ul>
 *   <li>Figures read (a bean, {@code top}, the API) within the last {@link #WATCHED}: every
 *       {@code sample_interval} seconds a full sample of every process and of the daemon itself,
 *       published to {@link #usages()}. A read of figures older than the interval (the first read
 *       after a quiet spell) waits for a fresh sample, at most {@link #READ_WAIT}.
 *   <li>Otherwise, while a program has {@code memory_limit} or {@code cpu_limit}: every
 *       {@code sample_interval} seconds a light sample of those processes alone (CPU and RSS from
 *       their stat lines, no PSS, I/O or descriptors, not the daemon), handed to the engine.
 *   <li>Otherwise nothing after the first sample at the start, until a read or a reload.
 * </ul>
 *
 * <p>With {@code sample_interval = 0} it samples only when the figures are read: a read asks for
 * a sample and answers the last figures at once; the thread takes at most one sample a second,
 * however many reads come. A reload ({@link #reconfigured}) wakes the thread to apply a new
 * interval or new limits.
 */
public final class ResourceSampler implements AutoCloseable {
    static final String THREAD_NAME = "taskmaster-sampler";
    private static final Logger LOG = LogManager.getLogger("taskmaster.resources");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** A read keeps the full samples going this long. */
    static final long WATCHED = TimeUnit.SECONDS.toNanos(60);
    /** The longest a read of stale figures waits for a fresh sample. */
    static final long READ_WAIT = TimeUnit.SECONDS.toNanos(2);

    /** What a sample reads: everything, published; or only the limited processes' CPU and RSS, for the engine. */
    enum Kind {
        FULL,
        LIMITS
    }

    /** What the thread does next: a sample of this kind, or (kind null) wait this long, 0: until woken. */
    record Next(Kind kind, long waitNanos) {}

    private final Supervised engine;
    /** The output bytes captured of a process name so far. */
    private final Function<String, OutputCounts> counts;

    private final long ticksPerSecond;
    private final long selfPid = ProcessHandle.current().pid();
    private final GroupScan scan;
    private final UsageStore store;
    private final CpuRate rates;
    private final CpuRate daemonRate;
    private final GroupTotals self = new GroupTotals();
    private final Thread thread;
    private final Object lock = new Object();
    private final LongSupplier clock;

    private int[] leaders = new int[64];
    private GroupTotals[] totals = new GroupTotals[0];
    /** Guarded by {@link #lock}, as every field below. */
    private boolean asked;

    private boolean first = true;
    private long lastRead;
    private long lastFull;
    private long lastAny;
    /** Full samples published so far: a reader waits for it to grow. */
    private long published;

    private boolean closed;

    ResourceSampler(
            Supervised engine,
            Function<String, OutputCounts> counts,
            ProcFiles files,
            long ticksPerSecond,
            long pageSize) {
        this(engine, counts, files, ticksPerSecond, pageSize, System::nanoTime);
    }

    ResourceSampler(
            Supervised engine,
            Function<String, OutputCounts> counts,
            ProcFiles files,
            long ticksPerSecond,
            long pageSize,
            LongSupplier clock) {
        this.engine = engine;
        this.clock = clock;
        long never = clock.getAsLong() - Long.MAX_VALUE / 2;
        this.lastRead = never;
        this.lastFull = never;
        this.lastAny = never;
        this.counts = counts;
        this.ticksPerSecond = ticksPerSecond;
        this.scan = new GroupScan(files, pageSize);
        this.rates = new CpuRate(ticksPerSecond);
        this.daemonRate = new CpuRate(ticksPerSecond);
        this.store = new UsageStore(engine, this::request);
        this.thread = Thread.ofPlatform()
                .name(THREAD_NAME)
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .unstarted(this::run);
    }

    /**
     * Starts sampling the processes of {@code engine}.
     *
     * @param output the captured output, for the byte counts (its value may be null: no capture)
     */
    public static ResourceSampler start(Engine engine, Supplier<OutputControl> output) {
        Function<String, OutputCounts> counts = name -> {
            OutputControl o = output.get();
            return o == null ? OutputCounts.NONE : o.counts(name);
        };
        ResourceSampler s = new ResourceSampler(
                Supervised.by(engine), counts, new LiveProcFiles(), Sysconf.clockTicks(), Sysconf.pageSize());
        s.start();
        return s;
    }

    void start() {
        thread.start();
    }

    /** What the management plane reads: the last figures, from any thread. */
    public Usages usages() {
        return store;
    }

    /**
     * A read came: it keeps the full samples going; with {@code sample_interval = 0} a sample is
     * due (at most one a second). Figures older than the interval (nobody read for a while) are
     * brought up to date first, waiting at most {@link #READ_WAIT} (never on the sampler's thread).
     */
    void request() {
        synchronized (lock) {
            long now = clock.getAsLong();
            boolean woke = now - lastRead >= WATCHED; // the thread may be waiting until woken
            lastRead = now;
            int interval = Math.max(0, engine.sampleInterval());
            if (interval == 0) {
                if (!asked) {
                    asked = true;
                    lock.notifyAll();
                }
                return;
            }
            if (woke) {
                lock.notifyAll();
            }
            if (closed
                    || now - lastFull <= TimeUnit.SECONDS.toNanos(interval)
                    || Thread.currentThread() == thread
                    || !thread.isAlive()) {
                return;
            }
            long seen = published;
            long end = System.nanoTime() + READ_WAIT;
            try {
                for (long left = READ_WAIT; published == seen && !closed && left > 0; left = end - System.nanoTime()) {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // answers the last figures
            }
        }
    }

    /** A reload: the interval and the limits may have changed. */
    public void reconfigured() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Stops the thread, waiting a little for a sample under way. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            for (Kind kind = awaitDue(); kind != null; kind = awaitDue()) {
                try {
                    sample(kind);
                } catch (RuntimeException e) {
                    LOG.warn("resources: sampling failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until a sample is due and notes it as taken; null once closed. */
    private Kind awaitDue() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                long now = clock.getAsLong();
                Next next = next(now);
                if (next.kind() != null) {
                    taken(next.kind(), now);
                    return next.kind();
                }
                lock.wait(next.waitNanos() == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.waitNanos())));
            }
            return null;
        }
    }

    /** Notes a sample of {@code kind} taken at {@code now}. */
    void taken(Kind kind, long now) {
        synchronized (lock) {
            first = false;
            lastAny = now;
            if (kind == Kind.FULL) {
                lastFull = now;
                asked = false;
            }
        }
    }

    /**
     * What is due at {@code now} (see the class comment): the first sample at once (with an
     * interval), a full one every interval while the figures are read, a light one every
     * interval while only limits need it, else nothing until woken.
     */
    Next next(long now) {
        synchronized (lock) {
            int interval = Math.max(0, engine.sampleInterval());
            if (interval == 0) {
                if (!asked) {
                    return new Next(null, 0);
                }
                long left = SECOND - (now - lastFull);
                return left <= 0 ? new Next(Kind.FULL, 0) : new Next(null, left);
            }
            if (first) {
                return new Next(Kind.FULL, 0);
            }
            long every = TimeUnit.SECONDS.toNanos(interval);
            long unwatched = WATCHED - (now - lastRead);
            if (unwatched > 0) {
                long left = every - (now - lastFull);
                // the thread wakes when the reads stop keeping it going, to sample limits alone
                return left <= 0 ? new Next(Kind.FULL, 0) : new Next(null, Math.min(left, unwatched));
            }
            if (!engine.limited().isEmpty()) {
                long left = every - (now - lastAny);
                return left <= 0 ? new Next(Kind.LIMITS, 0) : new Next(null, left);
            }
            return new Next(null, 0);
        }
    }

    /** A full sample; on the sampler's thread (or a test's). */
    void sample() {
        sample(Kind.FULL);
    }

    /**
     * One sample of every process with a pid, then of the daemon, published; or (LIMITS) of the
     * running processes with usage limits alone, for the engine. On the sampler's thread (or a test's).
     */
    void sample(Kind kind) {
        boolean full = kind == Kind.FULL;
        Set<String> limited = full ? Set.of() : engine.limited();
        List<ProcessSnapshot> all = engine.processes();
        List<ProcessSnapshot> live = new ArrayList<>();
        for (ProcessSnapshot s : all) {
            if (s.pid() > 0 && !s.state().isDown() && (full || limited.contains(s.name()))) {
                live.add(s);
            }
        }
        live.sort(Comparator.comparingLong(ProcessSnapshot::pid));
        int n = live.size();
        room(n);
        for (int i = 0; i < n; i++) {
            leaders[i] = (int) live.get(i).pid();
        }
        scan.scan(leaders, totals, n, !full);
        long nanos = System.nanoTime();
        long now = System.currentTimeMillis();
        Map<String, ProcessUsage> figures = new HashMap<>(full ? all.size() * 2 : 0);
        List<UsageSample> samples = new ArrayList<>(n);
        Set<String> sampled = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            ProcessSnapshot s = live.get(i);
            GroupTotals t = totals[i];
            if (t.members == 0) {
                continue; // it ended since the engine's snapshot: not running, below
            }
            double cpu = rates.percent(s.name(), s.pid(), t.cpuTicks(), nanos);
            if (full) {
                figures.put(s.name(), usage(s.name(), s.pid(), now, t, cpu, counts.apply(s.name())));
            }
            samples.add(new UsageSample(s.name(), s.pid(), t.rssBytes, cpu));
            sampled.add(s.name());
        }
        if (full) {
            for (ProcessSnapshot s : all) {
                if (!sampled.contains(s.name())) {
                    OutputCounts c = counts.apply(s.name());
                    figures.put(s.name(), UsageStore.notRunning(s.name(), c.stdout(), c.stderr()));
                }
            }
            rates.keepOnly(sampled); // a light sample leaves the others' rates for the next full one
            store.publish(figures, daemon(now));
            synchronized (lock) {
                published++;
                lock.notifyAll();
            }
        }
        if (!samples.isEmpty()) {
            try {
                engine.usage(samples);
            } catch (RuntimeException e) {
                LOG.debug("resources: the engine took no samples: {}", e.toString()); // shutting down
            }
        }
    }

    private ProcessUsage daemon(long now) {
        if (!scan.single(selfPid, self)) {
            return ProcessUsage.none(UsageStore.DAEMON);
        }
        double cpu = daemonRate.percent(UsageStore.DAEMON, selfPid, self.cpuTicks(), System.nanoTime());
        return usage(UsageStore.DAEMON, selfPid, now, self, cpu, OutputCounts.NONE);
    }

    private ProcessUsage usage(String name, long pid, long now, GroupTotals t, double cpu, OutputCounts c) {
        return new ProcessUsage(
                name,
                pid,
                now,
                (double) t.userTicks / ticksPerSecond,
                (double) t.systemTicks / ticksPerSecond,
                cpu,
                t.rssBytes,
                t.pssBytes,
                t.threads,
                t.openFiles,
                t.readBytes,
                t.writeBytes,
                t.processes,
                c.stdout(),
                c.stderr());
    }

    private void room(int n) {
        if (leaders.length < n) {
            leaders = Arrays.copyOf(leaders, Math.max(n, leaders.length * 2));
        }
        if (totals.length < n) {
            int old = totals.length;
            totals = Arrays.copyOf(totals, Math.max(n, old * 2));
            for (int i = old; i < totals.length; i++) {
                totals[i] = new GroupTotals();
            }
        }
    }
}
