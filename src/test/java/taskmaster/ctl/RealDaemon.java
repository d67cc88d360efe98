package taskmaster.ctl;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real taskmasterd in its own JVM with Jolokia on a free port ({@code jolokia_port = 0}; the
 * daemon writes the URL next to its pidfile, where taskmasterctl -c finds it). Its children carry
 * {@code TM_TAG=<uuid>} so that none outlives a test.
 */
final class RealDaemon implements AutoCloseable {

    static final Duration BOUND = Duration.ofSeconds(60);

    final Path dir;
    final Path conf;
    final String tag = UUID.randomUUID().toString();
    final Process process;

    RealDaemon(Path dir, String daemonKeys, String programs) throws IOException {
        this.dir = dir;
        this.conf = dir.resolve("taskmaster.conf");
        write(daemonKeys, programs);
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "taskmaster.daemon.Main", "-n", "-c", conf.toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.out").toFile()).start();
        Path url = dir.resolve("tm.pid.url");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("taskmasterd exited " + process.exitValue() + ":\n" + console());
            }
            return Files.exists(url);
        });
    }

    void write(String daemonKeys, String programs) throws IOException {
        Files.writeString(conf, "[taskmasterd]\npidfile = %(here)s/tm.pid\nlogfile = %(here)s/tm.log\n"
                + "jolokia_port = 0\nenvironment = TM_TAG=" + tag + "\n" + daemonKeys + "\n" + programs);
    }

    /** taskmasterctl -c this configuration, in this JVM. */
    Run ctl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Run.of(java.util.Map.of(), all);
    }

    String url() throws IOException {
        return Files.readString(dir.resolve("tm.pid.url")).strip();
    }

    String console() {
        try {
            return Files.readString(dir.resolve("console.out"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Live (not zombie) processes carrying our tag. */
    List<Long> children() {
        return taskmaster.testing.Procs.withEnv("TM_TAG", tag);
    }

    @Override
    public void close() throws Exception {
        taskmaster.testing.Procs.stop(process);
        taskmaster.testing.Procs.killAll("TM_TAG", tag);
    }
}
