package taskmaster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisord (Debian's {@code supervisor} package) for tests that compare with it, on a
 * configuration in the test's folder: {@code supervisord -n -c FILE}, its console in
 * {@code console.out} next to the file. {@link #close()} always stops it, so use it in
 * try-with-resources or an {@code @AfterEach}. Fails, never skips, when the package is missing:
 * CI installs it.
 */
public final class RealSupervisord implements AutoCloseable {

    public static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    public static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");
    /** How long a start, a command or a stop may take on a loaded machine. */
    public static final Duration BOUND = Duration.ofSeconds(60);

    /** What one command (supervisorctl, a script) printed, stdout and stderr together, and its exit code. */
    public record Run(String out, int rc) {}

    private final Path conf;
    private final Process process;

    private RealSupervisord(Path conf, Process process) {
        this.conf = conf;
        this.process = process;
    }

    /** Fails the test when {@code file} (supervisord, supervisorctl) is not installed. */
    public static void requireInstalled(Path file) {
        assertThat(Files.isExecutable(file))
                .as("%s is missing: install Debian's supervisor package (apt-get install supervisor)", file)
                .isTrue();
    }

    /** Starts {@code supervisord -n -c conf}; it may not serve yet (see {@link #awaitServing()}). */
    public static RealSupervisord start(Path conf) throws IOException {
        requireInstalled(SUPERVISORD);
        Process p = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(conf.resolveSibling("console.out").toFile())
                .start();
        return new RealSupervisord(conf, p);
    }

    /**
     * Starts one on these sections under its own {@code [supervisord]}, written to
     * {@code dir/supervisord.conf}: log, pidfile and child logs in {@code dir}, no server section.
     */
    public static RealSupervisord startWith(Path dir, String sections) throws IOException {
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(
                conf,
                "[supervisord]\n"
                        + "nodaemon = true\n"
                        + "logfile = " + dir.resolve("supervisord.log") + "\n"
                        + "pidfile = " + dir.resolve("supervisord.pid") + "\n"
                        + "childlogdir = " + dir + "\n"
                        + "loglevel = debug\n\n"
                        + sections);
        return start(conf);
    }

    public Path conf() {
        return conf;
    }

    public Process process() {
        return process;
    }

    /** Fails with its console when supervisord has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("supervisord exited " + process.exitValue() + "; console:\n" + console(conf));
        }
    }

    /** Until supervisorctl reaches it through the file's server section; fails at once when it died. */
    public RealSupervisord awaitServing() {
        awaitServing(process, conf);
        return this;
    }

    /**
     * Until supervisorctl on {@code conf} reaches {@code daemon} (a supervisord or a daemon that
     * serves its interface); fails at once when the daemon died.
     */
    public static void awaitServing(Process daemon, Path conf) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(daemon.isAlive())
                    .as("daemon alive; console:\n%s", console(conf))
                    .isTrue();
            String out = ctl(conf, "pid").out();
            return !out.contains("no such file") && !out.contains("refused connection");
        });
    }

    /** Runs {@code supervisorctl -c conf args…} to its end (bounded), its stdin closed. */
    public static Run ctl(Path conf, String... args) throws IOException, InterruptedException {
        requireInstalled(SUPERVISORCTL);
        List<String> cmd = new ArrayList<>(List.of(SUPERVISORCTL.toString(), "-c", conf.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2 * BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("supervisorctl " + String.join(" ", args) + " did not end");
        }
        return new Run(new String(out, StandardCharsets.UTF_8), p.exitValue());
    }

    /** {@code supervisorctl -c} on this one's file. */
    public Run ctl(String... args) throws IOException, InterruptedException {
        return ctl(conf, args);
    }

    /** SIGTERM, its own clean shutdown (children stopped); waits for it to end and fails if it does not. */
    public int shutdown() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
                .as("supervisord stopped")
                .isTrue();
        return process.exitValue();
    }

    /** SIGTERM, a bounded wait, then SIGKILL of it and of the children it left; nothing when it has ended. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                // taken before the kill: once supervisord is gone its children are no longer its descendants
                List<ProcessHandle> children = process.descendants().toList();
                process.destroyForcibly().waitFor();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String console(Path conf) {
        try {
            return Files.readString(conf.resolveSibling("console.out"));
        } catch (IOException e) {
            return "(no console: " + e + ")";
        }
    }
}
