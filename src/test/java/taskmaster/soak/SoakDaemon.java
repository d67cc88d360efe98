package taskmaster.soak;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import taskmaster.testing.DaemonConfig;

/**
 * The real taskmasterd under soak: its own JVM with the options {@code bin/taskmasterd} uses, in
 * the foreground, its console in a file. Knows how to find its Jolokia URL, signal it, and make
 * sure that neither it nor any tagged child outlives the test.
 *
 * <p>Launched the way {@link taskmaster.testing.TestDaemon} is, but not one: the soak writes its own
 * configuration (the model's), runs for hours so that its cleanup must tell a tagged child from a
 * process that got its pid since ({@link ProcScan}), and its console is a pipe it can stop reading.
 */
final class SoakDaemon implements AutoCloseable {

    /** bin/taskmasterd's default TASKMASTER_JAVA_OPTS: the footprint under test is the shipped one. */
    static final List<String> JVM_OPTS = List.of(
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-Xmx256m",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:CICompilerCount=1");

    final Path dir;
    final Path conf;
    final Process process;
    final EventLogTail log;
    private final ProcScan scan;

    private SoakDaemon(Path dir, Path conf, Process process, ProcScan scan) {
        this.dir = dir;
        this.conf = conf;
        this.process = process;
        this.log = new EventLogTail(dir.resolve("taskmasterd.log"));
        this.scan = scan;
    }

    /** {@code stallable}: its console is a pipe that {@link #stall} can stop reading. */
    static SoakDaemon start(Path dir, Path conf, ProcScan scan, String tagVar, boolean stallable) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DaemonConfig.javaMain(JVM_OPTS, List.of("-n", "-c", conf.toString())))
                .redirectErrorStream(true);
        if (!stallable) {
            pb.redirectOutput(dir.resolve("console.out").toFile());
        }
        pb.environment().put("_JAVA_SR_SIGNUM", "39"); // as bin/taskmasterd sets it
        pb.environment().remove(tagVar); // only the children carry the tag, from [taskmasterd] environment
        SoakDaemon d = new SoakDaemon(dir, conf, pb.start(), scan);
        if (stallable) {
            Thread.ofPlatform().daemon().name("soak-console").start(d::copyConsole);
        }
        return d;
    }

    private volatile boolean stalled;

    /**
     * The daemon's console is a pipe this reads into {@code console.out}, except while stalled: a
     * paused terminal, or a container's log reader that falls behind.
     */
    void stall(boolean on) {
        stalled = on;
    }

    private void copyConsole() {
        byte[] buf = new byte[8192];
        try (java.io.InputStream in = process.getInputStream();
                java.io.OutputStream out = Files.newOutputStream(dir.resolve("console.out"))) {
            while (true) {
                while (stalled && process.isAlive()) {
                    Thread.sleep(50);
                }
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | InterruptedException e) {
            // the daemon is gone
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for {@code <pidfile>.url}; fails at once if the daemon exits first. */
    URI awaitUrl(Duration bound) throws InterruptedException {
        Path f = dir.resolve("taskmasterd.pid.url");
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < end) {
            if (!alive()) {
                throw new AssertionError(death());
            }
            try {
                if (Files.exists(f)) {
                    String url = Files.readString(f).strip();
                    if (!url.isEmpty()) {
                        return URI.create(url);
                    }
                }
            } catch (IOException e) {
                // being written
            }
            Thread.sleep(50);
        }
        throw new AssertionError("taskmasterd wrote no " + f + " within " + bound + "\n" + reportTail());
    }

    void signal(String sig) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid()))
                .redirectErrorStream(true)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("kill -" + sig + " " + pid() + " failed: "
                    + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** The message when the daemon ended on its own: exit code, the end of its console and of its event log. */
    String death() {
        return "taskmasterd died (exit " + (alive() ? "?" : process.exitValue()) + ")\n" + reportTail();
    }

    String reportTail() {
        log.poll();
        return "--- console (tail) ---\n" + tailOf(dir.resolve("console.out"), 60) + "\n--- event log (tail) ---\n"
                + log.tail(60);
    }

    private static String tailOf(Path p, int n) {
        try {
            List<String> lines = Files.readAllLines(p);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Whatever happened: the daemon is SIGKILLed if still up, then every tagged process until none is left. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<ProcScan.Tagged> left = scan.tagged();
        while (!left.isEmpty() && System.nanoTime() < end) {
            for (ProcScan.Tagged t : left) {
                if (scan.still(t) != null) { // not a new process that got the pid meanwhile
                    ProcessHandle.of(t.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Thread.sleep(50);
            left = scan.tagged();
        }
        if (!left.isEmpty()) {
            System.err.println("SOAK cleanup: could not kill " + left);
        }
    }
}
