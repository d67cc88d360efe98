package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisord (Debian's package) on a configuration in a test's folder: its socket,
 * pidfile and logs there, no inet server. {@link #close()} always stops it. Fails, never skips,
 * when supervisord is not installed: CI installs it.
 */
final class RealSupervisord implements AutoCloseable {

    static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");

    final Path dir;
    final Process process;

    private RealSupervisord(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts {@code supervisord -n} with these program sections under its own {@code [supervisord]}. */
    static RealSupervisord start(Path dir, String programs) throws IOException {
        assertThat(Files.isExecutable(SUPERVISORD))
                .as("/usr/bin/supervisord is missing: install Debian's supervisor package")
                .isTrue();
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(
                conf,
                "[supervisord]\n"
                        + "nodaemon = true\n"
                        + "logfile = " + dir.resolve("supervisord.log") + "\n"
                        + "pidfile = " + dir.resolve("supervisord.pid") + "\n"
                        + "childlogdir = " + dir + "\n"
                        + "loglevel = debug\n\n"
                        + programs);
        Process p = new ProcessBuilder(SUPERVISORD.toString(), "-n", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisord.out").toFile())
                .start();
        return new RealSupervisord(dir, p);
    }

    void assertAlive() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("supervisord exited " + process.exitValue() + ":\n"
                    + Files.readString(dir.resolve("supervisord.out")));
        }
    }

    /** SIGTERM, as a shutdown; waits for it to end. */
    int shutdown() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("supervisord stopped")
                .isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
