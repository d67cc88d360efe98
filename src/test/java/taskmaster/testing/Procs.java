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
