package taskmaster.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ProcessState;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.resources.ResourceSampler;
import taskmaster.resources.Usages;
import taskmaster.testing.Procs;

/**
 * What resource sampling costs: N {@code sleep 100000} programs (1000 by default) run by the
 * daemon's engine and launcher, sampled by the daemon's own sampler thread once a second; the CPU
 * time of that thread (user + system, so the kernel's work of producing the {@code /proc} files
 * is in it) per sample and what it allocates, over R rounds of S samples after a warm-up, and the
 * median round as a percentage of one core at the default interval of 5 s.
 *
 * <pre>bench/sample-bench.sh [programs] [samples per round] [rounds]</pre>
 */
public final class SampleBench {
    private static final int DEFAULT_INTERVAL = 5;
    private static final int WARM_UP = 5;

    public static void main(String[] args) throws Exception {
        int programs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String tag = UUID.randomUUID().toString();
        Path dir = Files.createTempDirectory("sample-bench");
        Path conf = dir.resolve("bench.conf");
        Files.writeString(
                conf,
                "[taskmasterd]\nsample_interval = 1\nenvironment = TM_TEST_TAG=" + tag + "\n"
                        + "[program:sleep]\ncommand = sleep 100000\nnumprocs = " + programs + "\n"
                        + "process_name = %(program_name)s_%(process_num)04d\nstartsecs = 0\n"
                        + "stdout_logfile = NONE\nstderr_logfile = NONE\n");
        ThreadLoop loop = new ThreadLoop("taskmaster-loop");
        PosixSpawnLauncher launcher = new PosixSpawnLauncher();
        Engine engine = new Engine(loop, launcher, e -> {});
        Thread cleanup = new Thread(() -> Procs.killAll("TM_TEST_TAG", tag));
        Runtime.getRuntime().addShutdownHook(cleanup);
        ResourceSampler sampler = null;
        try {
            engine.reload(new ConfigLoader().load(conf)).get(5, TimeUnit.MINUTES);
            while (engine.processes().stream().anyMatch(p -> p.state() != ProcessState.RUNNING)) {
                Thread.sleep(100);
            }
            sampler = ResourceSampler.start(engine, launcher::output);
            Usages usages = sampler.usages();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = samplerThread();
            awaitSamples(usages, WARM_UP);
            System.out.printf(
                    "sampling %d sleeping programs, %d samples a round, %d rounds%n", programs, samples, rounds);
            double[] perSample = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                awaitSamples(usages, 1); // start right after a sample
                long cpu0 = threads.getThreadCpuTime(id);
                long bytes0 = threads.getThreadAllocatedBytes(id);
                awaitSamples(usages, samples);
                double ms = (threads.getThreadCpuTime(id) - cpu0) / 1e6 / samples;
                long bytes = (threads.getThreadAllocatedBytes(id) - bytes0) / samples;
                perSample[r] = ms;
                System.out.printf(
                        "  round %d: %6.2f ms CPU per sample (%4.1f us per program), %5d KB allocated per sample,"
                                + " %.2f %% of one core at %d s%n",
                        r + 1,
                        ms,
                        ms * 1000 / programs,
                        bytes / 1024,
                        ms / (DEFAULT_INTERVAL * 10.0),
                        DEFAULT_INTERVAL);
            }
            ProcessUsageLine.print(usages, programs);
            Arrays.sort(perSample);
            double median = perSample[rounds / 2];
            System.out.printf(
                    "median: %.2f ms CPU per sample of %d programs: %.2f %% of one core at sample_interval = %d%n",
                    median, programs, median / (DEFAULT_INTERVAL * 10.0), DEFAULT_INTERVAL);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            engine.shutdown().get(5, TimeUnit.MINUTES);
            launcher.close();
            loop.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            Procs.killAll("TM_TEST_TAG", tag);
        }
    }

    /** Waits until the sampler has published {@code n} more samples (reading the figures costs nothing). */
    private static void awaitSamples(Usages usages, int n) throws InterruptedException {
        long last = usages.daemon().sampledAt();
        for (int seen = 0; seen < n; ) {
            Thread.sleep(20);
            long at = usages.daemon().sampledAt();
            if (at != last) {
                last = at;
                seen++;
            }
        }
    }

    private static long samplerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("taskmaster-sampler"))
                .findFirst()
                .orElseThrow()
                .threadId();
    }

    /** What was sampled, to show the figures are real: the sum over every program. */
    private static final class ProcessUsageLine {
        static void print(Usages usages, int programs) {
            List<taskmaster.resources.ProcessUsage> all = new ArrayList<>(usages.all());
            long sampled = all.stream().filter(u -> u.sampledAt() > 0).count();
            long rss = all.stream()
                    .mapToLong(taskmaster.resources.ProcessUsage::rssBytes)
                    .sum();
            long fds = all.stream()
                    .mapToLong(taskmaster.resources.ProcessUsage::openFiles)
                    .sum();
            System.out.printf(
                    "  sampled %d of %d programs: RSS %d MB in all, %d open descriptors%n",
                    sampled, programs, rss >> 20, fds);
        }
    }
}
