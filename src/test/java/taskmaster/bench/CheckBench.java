package taskmaster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import taskmaster.checks.Probes;
import taskmaster.engine.CheckResult;
import taskmaster.model.AutoRestart;
import taskmaster.model.Check;
import taskmaster.model.HealthCheck;
import taskmaster.model.Lifecycle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;
import taskmaster.os.PosixSpawnLauncher;

/**
 * What each check kind costs in daemon CPU: N programs each checked once a second (N checks a
 * second, spread evenly), for a while, through the daemon's own {@link Probes} and launcher, and
 * the CPU time this JVM used meanwhile, from /proc/self/stat. One kind per JVM
 * ({@code bench/check-bench.sh} runs them all):
 * <ul>
 *   <li>{@code idle}: the same schedule asking nothing, the baseline (JIT, GC, the scheduler);
 *   <li>{@code tcp}, {@code http}: against one Python HTTP server in a process of its own, so its
 *       CPU is not counted;
 *   <li>{@code exec}: {@code /bin/true}; its children's CPU (cutime + cstime, counted once they
 *       are reaped) is reported apart;
 *   <li>{@code log}: N programs printing a line a second, each with {@code healthcheck = log:tick}
 *       probed once a second: the output thread reading and matching their lines is the cost.
 * </ul>
 */
public final class CheckBench {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TICK = 100; // clock ticks per second of /proc/self/stat (USER_HZ)

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "tcp";
        int programs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmUp = 5;
        List<Long> pids = new ArrayList<>();
        Process server = null;
        try (PosixSpawnLauncher launcher = new PosixSpawnLauncher();
                Probes probes = new Probes(launcher)) {
            launcher.output().watch(probes);
            List<ProcessSpec> specs = new ArrayList<>();
            Check check;
            switch (kind) {
                case "idle" -> check = null;
                case "tcp", "http" -> {
                    server = new ProcessBuilder(PYTHON, "-u", "-c", SERVER)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    int port = port(server);
                    check = kind.equals("tcp")
                            ? new Check.Tcp("127.0.0.1", port)
                            : new Check.Http(URI.create("http://127.0.0.1:" + port + "/health"));
                }
                case "exec" -> check = new Check.Exec("/bin/true", List.of("/bin/true"));
                case "log" -> check = new Check.Log("^tick");
                default -> throw new IllegalArgumentException("kind is idle, tcp, http, exec or log, not " + kind);
            }
            Lifecycle lifecycle = check instanceof Check.Log
                    ? Lifecycle.DEFAULT.withHealth(new HealthCheck(check, 1, 1, 3))
                    : Lifecycle.DEFAULT;
            Path tmp = Files.createTempDirectory("check-bench");
            for (int i = 0; i < programs; i++) {
                List<String> argv = List.of("/bin/sh", "-c", "while :; do echo tick; sleep 1; done");
                ProcessSpec spec = spec("p" + i, argv, tmp, lifecycle);
                specs.add(spec);
                if (kind.equals("log")) {
                    launcher.configured(spec);
                    pids.add(launcher.spawn(spec, status -> {}));
                }
            }
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger next = new AtomicInteger();
            long periodMicros = 1_000_000L / programs;
            Check c = check;
            clock.scheduleAtFixedRate(
                    () -> {
                        int i = Math.floorMod(next.getAndIncrement(), programs);
                        if (c == null) {
                            return;
                        }
                        ProcessSpec spec = specs.get(i);
                        long pid = kind.equals("log") ? pids.get(i) : 1;
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        CompletableFuture<CheckResult> f = probes.probe(spec, pid, c, 1000);
                        f.whenComplete((r, e) -> {
                            inFlight.decrementAndGet();
                            if (r != null && r.ok()) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                if (failures.size() < 5) {
                                    failures.add(r == null ? String.valueOf(e) : r.message());
                                }
                            }
                        });
                    },
                    0,
                    periodMicros,
                    TimeUnit.MICROSECONDS);
            Thread.sleep(warmUp * 1000L);
            ok.set(0);
            failed.set(0);
            long[] before = stat();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long[] after = stat();
            double wall = (System.nanoTime() - t0) / 1e9;
            clock.shutdownNow();
            for (long pid : pids) {
                launcher.signal(pid, Signal.KILL, true);
            }
            for (int i = 0; i < 100 && launcher.running() > 0; i++) {
                Thread.sleep(50);
            }
            Files.deleteIfExists(tmp);
            long own = (after[0] + after[1] - before[0] - before[1]) * 1000 / TICK;
            long children = (after[2] + after[3] - before[2] - before[3]) * 1000 / TICK;
            int checks = ok.get() + failed.get();
            System.out.printf(
                    "%-5s %d programs, %d checks in %.1f s (%d ok, %d failed), daemon CPU %d ms = %.1f ms/s"
                            + " (%.1f %% of a core), %.0f µs per check; children CPU %.1f ms/s; threads %d;"
                            + " at most %d in flight%s%n",
                    kind,
                    programs,
                    checks,
                    wall,
                    ok.get(),
                    failed.get(),
                    own,
                    own / wall,
                    own / wall / 10,
                    checks == 0 ? 0.0 : own * 1000.0 / checks,
                    children / wall,
                    threads(),
                    maxInFlight.get(),
                    failures.isEmpty() ? "" : "; failures: " + failures);
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
        }
    }

    private static final String SERVER = """
        import http.server
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header('Content-Length', '0')
                self.end_headers()
            def log_message(self, *args):
                pass
        s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
        print('port %d' % s.server_port, flush=True)
        s.serve_forever()
        """;

    private static int port(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("port (\\d+)").matcher(String.valueOf(out.readLine()));
        if (!m.find()) {
            throw new IOException("the server did not say its port");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Every thread of this JVM (the JVM's own too), from /proc/self/task. */
    private static long threads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        }
    }

    /** utime, stime, cutime, cstime of this JVM, in clock ticks. */
    private static long[] stat() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime field 14 (index 11 here)
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    private static ProcessSpec spec(String name, List<String> argv, Path dir, Lifecycle lifecycle) {
        return new ProcessSpec(
                name,
                name,
                name,
                0,
                String.join(" ", argv),
                argv,
                Map.of(),
                dir,
                null,
                null,
                Output.DISCARD,
                Output.DISCARD,
                false,
                999,
                true,
                AutoRestart.FALSE,
                java.util.Set.of(0),
                0,
                0,
                Signal.KILL,
                1,
                true,
                true,
                false,
                false,
                false,
                false,
                lifecycle);
    }
}
