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
 * Samples what every running process costs on a thread of its own, {@value #THREAD_NAME} (a
 * daemon thread at the lowest priority, never the event loop): every {@code sample_interval}
 * seconds it reads {@code /proc} once for the processes that have a pid ({@link GroupScan}),
 * publishes the figures to {@link #usages()} and hands the engine each running process's RSS and
 * CPU rate for its usage limits.
 *
 * <p>With {@code sample_interval = 0} it samples only when the figures are read: a read asks for
 * a sample and answers the last figures at once; the thread takes at most one sample a second,
 * however many reads come. The interval in force is looked at every second, so a reload that
 * changes it applies within a second.
 */
public final class ResourceSampler implements AutoCloseable {
    static final String THREAD_NAME = "taskmaster-sampler";
    private static final Logger LOG = LogManager.getLogger("taskmaster.resources");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

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

    private int[] leaders = new int[64];
    private GroupTotals[] totals = new GroupTotals[0];
    /** Guarded by {@link #lock}. */
    private boolean asked;

    private boolean closed;

    ResourceSampler(
            Supervised engine,
            Function<String, OutputCounts> counts,
            ProcFiles files,
            long ticksPerSecond,
            long pageSize) {
        this.engine = engine;
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

    /** A read came: with {@code sample_interval = 0}, a sample is due (at most one a second). */
    void request() {
        synchronized (lock) {
            if (!asked) {
                asked = true;
                lock.notifyAll();
            }
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
        long last = System.nanoTime() - Long.MAX_VALUE / 2; // never
        try {
            while (awaitDue(last)) {
                last = System.nanoTime();
                try {
                    sample();
                } catch (RuntimeException e) {
                    LOG.warn("resources: sampling failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until a sample is due: {@code sample_interval} after the last, or with an interval of
     * 0 a read's request a second or more after the last. Looks at the interval every second.
     *
     * @return false once closed
     */
    private boolean awaitDue(long last) throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                int interval = Math.max(0, engine.sampleInterval());
                long since = System.nanoTime() - last;
                long left = interval > 0 ? TimeUnit.SECONDS.toNanos(interval) - since : asked ? SECOND - since : SECOND;
                if (left <= 0 && (interval > 0 || asked)) {
                    asked = false;
                    return true;
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(Math.max(left, 1), SECOND))));
            }
            return false;
        }
    }

    /** One sample of every process with a pid, then of the daemon; on the sampler's thread (or a test's). */
    void sample() {
        List<ProcessSnapshot> all = engine.processes();
        List<ProcessSnapshot> live = new ArrayList<>();
        for (ProcessSnapshot s : all) {
            if (s.pid() > 0 && !s.state().isDown()) {
                live.add(s);
            }
        }
        live.sort(Comparator.comparingLong(ProcessSnapshot::pid));
        int n = live.size();
        room(n);
        for (int i = 0; i < n; i++) {
            leaders[i] = (int) live.get(i).pid();
        }
        scan.scan(leaders, totals, n);
        long nanos = System.nanoTime();
        long now = System.currentTimeMillis();
        Map<String, ProcessUsage> figures = new HashMap<>(all.size() * 2);
        List<UsageSample> samples = new ArrayList<>(n);
        Set<String> sampled = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            ProcessSnapshot s = live.get(i);
            GroupTotals t = totals[i];
            if (t.members == 0) {
                continue; // it ended since the engine's snapshot: not running, below
            }
            OutputCounts c = counts.apply(s.name());
            double cpu = rates.percent(s.name(), s.pid(), t.cpuTicks(), nanos);
            figures.put(s.name(), usage(s.name(), s.pid(), now, t, cpu, c));
            samples.add(new UsageSample(s.name(), s.pid(), t.rssBytes, cpu));
            sampled.add(s.name());
        }
        for (ProcessSnapshot s : all) {
            if (!sampled.contains(s.name())) {
                OutputCounts c = counts.apply(s.name());
                figures.put(s.name(), UsageStore.notRunning(s.name(), c.stdout(), c.stderr()));
            }
        }
        rates.keepOnly(sampled);
        store.publish(figures, daemon(now));
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
