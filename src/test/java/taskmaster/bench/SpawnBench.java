package taskmaster.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import taskmaster.model.AutoRestart;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;
import taskmaster.os.PosixSpawnLauncher;

/**
 * Starts N {@code sleep 100000} processes and reports wall time, threads and RSS, with either
 * {@code posix} (PosixSpawnLauncher) or {@code jdk} (ProcessBuilder running {@code setsid sleep},
 * which is what a supervisor on ProcessBuilder needs for a session per program), then kills them
 * all. One mode per JVM, so each starts from a clean heap and thread list:
 * {@code bench/spawn-bench.sh} runs both.
 */
public final class SpawnBench {
    private static final List<String> SLEEP = List.of("sleep", "100000");

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "posix";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        switch (mode) {
            case "posix" -> posix(count);
            case "jdk" -> jdk(count);
            default -> throw new IllegalArgumentException("mode is posix or jdk, not " + mode);
        }
    }

    private static final int WARM_UP = 50;

    private static void posix(int count) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (PosixSpawnLauncher launcher = new PosixSpawnLauncher()) {
            // Warm up (class loading, FFM linking, JIT) so both modes are measured in steady state.
            for (int i = 0; i < WARM_UP; i++) {
                long pid = launcher.spawn(spec(i), status -> {});
                launcher.signal(pid, Signal.KILL, true);
            }
            while (launcher.running() > 0) {
                Thread.sleep(1);
            }
            Baseline base = Baseline.take();
            Thread cleanup = new Thread(() -> pids.forEach(p -> launcher.signal(p, Signal.KILL, true)));
            Runtime.getRuntime().addShutdownHook(cleanup);
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pids.add(launcher.spawn(spec(i), status -> {}));
            }
            long spawned = System.nanoTime();
            awaitExec(pids);
            report("posix_spawn (PosixSpawnLauncher)", count, t0, spawned, base);

            for (long pid : pids) {
                launcher.signal(pid, Signal.KILL, true);
            }
            while (launcher.running() > 0) {
                Thread.sleep(1);
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
            System.out.println("  all " + count + " killed and reaped");
        }
    }

    private static void jdk(int count) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            Process p = start();
            p.onExit();
            p.destroyForcibly().waitFor();
        }
        Baseline base = Baseline.take();
        List<Process> processes = new ArrayList<>();
        Thread cleanup = new Thread(() -> processes.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(cleanup);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Process p = start();
            processes.add(p);
            // What a supervisor needs: to hear of the exit. Each one parks a "process reaper" thread in waitpid.
            p.onExit();
        }
        long spawned = System.nanoTime();
        awaitExec(processes.stream().map(Process::pid).toList());
        report("ProcessBuilder + setsid", count, t0, spawned, base);

        // setsid execs sleep in the same pid, so destroying the pid kills the sleep.
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor();
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        System.out.println("  all " + count + " killed and reaped");
    }

    private static Process start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(SLEEP);
        return new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static ProcessSpec spec(int i) {
        return new ProcessSpec(
                "sleep_" + i,
                "sleep",
                "sleep",
                i,
                String.join(" ", SLEEP),
                SLEEP,
                Map.of(),
                null,
                null,
                null,
                Output.DISCARD,
                Output.DISCARD,
                false,
                999,
                true,
                AutoRestart.FALSE,
                Set.of(0),
                0,
                0,
                Signal.TERM,
                10,
                false,
                true);
    }

    /** Until every pid runs sleep itself (for the jdk mode that is after setsid's own exec). */
    private static void awaitExec(List<Long> pids) throws Exception {
        for (long pid : pids) {
            Path comm = Path.of("/proc", Long.toString(pid), "comm");
            while (!Files.readString(comm).trim().equals("sleep")) {
                Thread.sleep(1);
            }
        }
    }

    private record Baseline(long rssKb, int osThreads) {
        static Baseline take() throws IOException {
            return new Baseline(status("VmRSS"), (int) status("Threads"));
        }
    }

    private static void report(String what, int count, long t0, long spawned, Baseline base) throws IOException {
        double ms = (System.nanoTime() - t0) / 1e6;
        double spawnMs = (spawned - t0) / 1e6;
        long rss = status("VmRSS");
        long threads = status("Threads");
        System.out.printf("%s: %d processes%n", what, count);
        System.out.printf(
                "  wall        %8.0f ms  until all run sleep (%.0f us per process; the spawn calls: %.0f ms)%n",
                ms, ms * 1000 / count, spawnMs);
        System.out.printf(
                "  threads     %8d  (JVM: %d, +%d while they run)%n",
                threads, ManagementFactory.getThreadMXBean().getThreadCount(), threads - base.osThreads());
        System.out.printf(
                "  RSS         %8.1f MB  (+%.1f MB while they run)%n", rss / 1024.0, (rss - base.rssKb()) / 1024.0);
    }

    /** A number (kB for sizes) from /proc/self/status. */
    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(key + " not in /proc/self/status");
    }
}
