package taskmaster.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak: a real taskmasterd with 50 programs of every kind, driven for
 * {@code soak.seconds} (60 by default) by concurrent Jolokia clients, {@code kill -9} of random
 * children, SIGHUPs with valid and broken files and SIGUSR2s, then SIGTERM. Throughout, from
 * /proc: no tagged process outside the daemon's current processes and their groups; none at all
 * after the shutdown; every operation answered within its documented bound; the daemon's RSS and
 * thread count flat; and what the event log shows (state arcs, spawns after SIGTERM, SIGKILL loops).
 * Properties: {@code soak.seed} (the run's choices; the timing is the machine's), {@code soak.seconds},
 * {@code soak.clients}, {@code soak.marginMs}, {@code soak.readBoundMs}, {@code soak.graceMs},
 * {@code soak.stallConsole}. The README's "The chaos soak" lists every violation kind.
 */
class ChaosSoakTest {

    static final String TAG_VAR = "TASKMASTER_SOAK";
    static final int PROGRAMS = 50;

    @Test
    void theDaemonNeverOrphansLeaksOrStallsUnderChaos() throws Exception {
        long seed = Long.getLong("soak.seed", new Random().nextLong());
        int seconds = Integer.getInteger("soak.seconds", 60);
        int clients = Integer.getInteger("soak.clients", 4);
        long marginMs = Long.getLong("soak.marginMs", 2_000);
        long graceMs = Long.getLong("soak.graceMs", 3_000);
        boolean stallConsole = Boolean.getBoolean("soak.stallConsole");
        System.out.println("SOAK seed=" + seed + " seconds=" + seconds + " (rerun: -Dsoak.seed=" + seed + ")");

        Path dir = Files.createDirectories(Path.of("target", "soak", seed + "-" + System.currentTimeMillis()))
                .toAbsolutePath();
        // Private whatever the umask, so that the daemon keeps its run files beside its pidfile here
        // rather than in the user's default run folder, which other daemons of the machine share.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("logs"));
        String tag = UUID.randomUUID().toString();
        String password = UUID.randomUUID().toString();
        Random seeds = new Random(seed);
        SoakModel first = SoakModel.initial(
                new Random(seeds.nextLong()),
                PROGRAMS,
                dir,
                TAG_VAR,
                tag,
                "jolokia_port = 0\njolokia_user = soak\njolokia_password = " + password,
                stallConsole);
        Path conf = dir.resolve("taskmaster.conf");
        Files.writeString(conf, first.render());

        ProcScan scan = new ProcScan(TAG_VAR, tag);
        SoakTally tally = new SoakTally(true);
        InForce models = new InForce(first);
        ExecutorService pool = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("soak-", 0).daemon().factory());
        SoakDaemon daemon = SoakDaemon.start(dir, conf, scan, TAG_VAR, stallConsole);
        Thread cleanup = new Thread(() -> {
            try {
                daemon.close();
            } catch (InterruptedException ignored) {
                // the JVM is going
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean passed = false;
        try {
            SoakJolokia jolokia = new SoakJolokia(daemon.awaitUrl(Duration.ofSeconds(60)), "soak", password);
            long chaosStart = System.nanoTime();
            long deadline = chaosStart + TimeUnit.SECONDS.toNanos(seconds);
            Running running = new Running(deadline, daemon);
            List<long[]> footprints = new ArrayList<>(); // {ms since chaos start, rss kB, threads}
            OrphanWatch watch = new OrphanWatch(
                    scan,
                    OrphanWatch.jolokia(jolokia, tally, marginMs, daemon::alive),
                    tally,
                    OrphanWatch.history(daemon.log),
                    daemon.pid(),
                    graceMs,
                    tally::seconds);

            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                tasks.add(pool.submit(new OpsClient(
                        new Random(seeds.nextLong()), jolokia, models, tally, marginMs, running::on, daemon::alive)));
            }
            tasks.add(pool.submit(
                    new Reloader(new Random(seeds.nextLong()), daemon, jolokia, models, tally, marginMs, running::on)));
            Random killer = new Random(seeds.nextLong());
            tasks.add(pool.submit(() -> killer(killer, scan, daemon.pid(), tally, running)));
            if (stallConsole) {
                Random staller = new Random(seeds.nextLong());
                tasks.add(pool.submit(() -> {
                    while (running.on()) {
                        running.sleep(3_000 + staller.nextInt(5_000));
                        daemon.stall(running.on());
                        tally.count("stall");
                        running.sleep(5_000 + staller.nextInt(10_000));
                        daemon.stall(false);
                    }
                    daemon.stall(false);
                }));
            }
            tasks.add(pool.submit(() -> {
                while (running.on()) {
                    watch.sample();
                    pause(500);
                }
            }));
            tasks.add(pool.submit(() -> {
                while (running.on()) {
                    ProcScan.Footprint f = ProcScan.footprint(daemon.pid());
                    if (f != null) {
                        synchronized (footprints) {
                            footprints.add(
                                    new long[] {(System.nanoTime() - chaosStart) / 1_000_000, f.rssKb(), f.threads()});
                        }
                    }
                    daemon.log.poll();
                    pause(250);
                }
            }));

            while (System.nanoTime() < deadline) {
                if (!daemon.alive()) {
                    running.stop();
                    throw died(seed, dir, daemon, tally);
                }
                Thread.sleep(100);
            }
            running.stop();
            for (java.util.concurrent.Future<?> f : tasks) {
                f.get(120, TimeUnit.SECONDS); // an operation in flight ends within its own timeout
            }
            if (!daemon.alive()) {
                throw died(seed, dir, daemon, tally);
            }
            watch.sample();
            long quietMs = Finale.quiet(jolokia, models.current(), scan, tally, marginMs);
            watch.sample();
            if (!daemon.alive()) {
                throw died(seed, dir, daemon, tally);
            }

            long[] term = new long[1];
            long shutdownMs =
                    Finale.shutdown(daemon, scan, models, new Random(seeds.nextLong()), tally, marginMs, term);
            LogChecks.all(daemon.log, tally, term[0]);
            String footprint = FootprintCheck.check(footprints, seconds, tally);
            synchronized (footprints) {
                StringBuilder csv = new StringBuilder("ms,rss_kb,threads\n");
                footprints.forEach(f -> csv.append(f[0])
                        .append(',')
                        .append(f[1])
                        .append(',')
                        .append(f[2])
                        .append('\n'));
                Files.writeString(dir.resolve("footprint.csv"), csv);
            }

            if (watch.samples() < seconds / 2) {
                tally.violation("soak", "only " + watch.samples() + " /proc samples in " + seconds + " s");
            }
            Map<String, Integer> byKind = tally.violationsByKind();
            System.out.println("SOAK summary: seed=" + seed + " seconds=" + seconds + " clients=" + clients
                    + " programs=" + PROGRAMS + " ops=" + tally.counts("op.") + " faults=" + tally.counts("fault.")
                    + " kills=" + tally.get("kill") + " reloads=valid:" + tally.get("reload.valid")
                    + ",invalid:" + tally.get("reload.invalid") + " sigusr2=" + tally.get("usr2")
                    + (stallConsole ? " consoleStalls=" + tally.get("stall") : "")
                    + " samples=" + watch.samples() + " maxTagged=" + watch.maxTagged()
                    + " spawned=" + daemon.log.count(0, "spawned: '") + " maxLatencyMs=" + tally.maxLatencies()
                    + " " + footprint + " quietMs=" + quietMs + " shutdownMs=" + shutdownMs
                    + " violations=" + (byKind.isEmpty() ? "none" : byKind));
            List<SoakTally.Violation> violations = tally.violations();
            assertThat(violations)
                    .as(() -> "seed " + seed + " (rerun with -Dsoak.seed=" + seed + "); files kept in " + dir + "\n"
                            + report(violations))
                    .isEmpty();
            passed = true;
        } finally {
            daemon.stall(false);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            daemon.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            if (passed) {
                deleteTree(dir);
            } else {
                System.out.println("SOAK files kept in " + dir);
            }
        }
    }

    private static AssertionError died(long seed, Path dir, SoakDaemon daemon, SoakTally tally) {
        return new AssertionError("seed " + seed + " (rerun with -Dsoak.seed=" + seed + "); files kept in " + dir + "\n"
                + daemon.death() + "\n--- violations before that ---\n" + report(tally.violations()));
    }

    /** Whether the chaos goes on: until the deadline, or at once when the daemon dies. */
    static final class Running {
        private final long deadline;
        private final SoakDaemon daemon;
        private volatile boolean stopped;

        Running(long deadline, SoakDaemon daemon) {
            this.deadline = deadline;
            this.daemon = daemon;
        }

        boolean on() {
            return !stopped && System.nanoTime() < deadline && daemon.alive();
        }

        void stop() {
            stopped = true;
        }

        /** Sleeps {@code ms}, or less when the chaos ends meanwhile. */
        void sleep(long ms) {
            long end = System.nanoTime() + ms * 1_000_000;
            while (on() && System.nanoTime() < end) {
                pause(50);
            }
        }
    }

    /** {@code kill -9} of random tagged processes: supervised children and grandchildren alike. */
    private static void killer(Random r, ProcScan scan, long daemonPid, SoakTally tally, Running running) {
        while (running.on()) {
            pause(150 + r.nextInt(400));
            List<ProcScan.Tagged> tagged = scan.tagged();
            if (tagged.isEmpty()) {
                continue;
            }
            List<ProcScan.Tagged> children =
                    tagged.stream().filter(t -> t.ppid() == daemonPid).toList();
            List<ProcScan.Tagged> pick = r.nextInt(10) < 6 && !children.isEmpty() ? children : tagged;
            ProcScan.Tagged victim = pick.get(r.nextInt(pick.size()));
            if (scan.still(victim) != null
                    && ProcessHandle.of(victim.pid())
                            .map(ProcessHandle::destroyForcibly)
                            .orElse(false)) {
                tally.count("kill");
            }
        }
    }

    private static String report(List<SoakTally.Violation> violations) {
        Map<String, List<SoakTally.Violation>> byKind = violations.stream()
                .collect(Collectors.groupingBy(SoakTally.Violation::kind, java.util.TreeMap::new, Collectors.toList()));
        StringBuilder b = new StringBuilder();
        byKind.forEach((kind, list) -> {
            b.append(kind).append(": ").append(list.size()).append('\n');
            list.stream().limit(8).forEach(v -> b.append("  ").append(v).append('\n'));
        });
        return b.toString();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the directory is under target/
                }
            });
        }
    }
}
