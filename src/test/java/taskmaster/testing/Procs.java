package taskmaster.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import taskmaster.os.ProcStat;

/** Finds processes by a marker in their environment, so a test can tell none of its own survive. */
public final class Procs {

    private Procs() {}

    /** Pids of live (not zombie) processes whose environment holds {@code VAR=value}. */
    public static List<Long> withEnv(String var, String value) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (ProcStat.environmentHas(pid, var, value) && !isZombie(p)) {
                        pids.add(pid);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // gone meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    public static void killAll(String var, String value) {
        for (long pid : withEnv(var, value)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Stops a daemon run by a test: SIGTERM, a generous wait, then SIGKILL. */
    public static void stop(Process daemon) throws InterruptedException {
        if (daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    /** Kills a helper process a test started (jconsole, Xvfb, an exporter) and its descendants; null is none. */
    public static void kill(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Whether {@code pid} sleeps in select(2) or poll(2), waiting for input: the kernel's wait
     * channel of the select family. False once gone.
     */
    public static boolean waitsInSelect(long pid) {
        try {
            String wchan = Files.readString(Path.of("/proc", Long.toString(pid), "wchan"));
            return wchan.contains("poll_schedule_timeout") || wchan.contains("select");
        } catch (IOException e) {
            return false;
        }
    }

    /** The signal masks, state and wait channel of {@code pid}, for a failure's message. */
    public static String signalState(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String status = Files.readString(proc.resolve("status"))
                    .lines()
                    .filter(l -> l.startsWith("State") || l.startsWith("Sig") || l.startsWith("ShdPnd"))
                    .collect(java.util.stream.Collectors.joining(", "));
            return status + ", wchan: " + Files.readString(proc.resolve("wchan"));
        } catch (IOException e) {
            return "pid " + pid + " gone";
        }
    }

    private static boolean isZombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }

    public static void signal(long pid, String sig) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("kill -" + sig + " " + pid + " failed");
        }
    }
}
