package taskmaster.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A real taskmasterd (the {@code taskmaster} module, on the test classpath) in its own JVM with
 * its RMI connector on port 0 and the user {@code ops:ops-pw} (readwrite). Its children carry
 * {@code TM_TAG=<uuid>} so that none outlives a test.
 */
public final class TestDaemon implements AutoCloseable {

    public static final Duration BOUND = Duration.ofSeconds(60);
    public static final String USER = "ops";
    public static final String PASSWORD = "ops-pw";
    private static final Pattern SERVING = Pattern.compile("jmx: serving (service:jmx:\\S+) \\(jconsole (\\S+)\\)");

    public final Path dir;
    public final Path conf;
    public final String tag = UUID.randomUUID().toString();
    public final Process process;
    private final String daemonKeys;
    /** {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}, once {@link #awaitJmx()} returned. */
    public String serviceUrl;
    /** {@code 127.0.0.1:PORT}, what jconsole and jmxterm take. */
    public String hostPort;

    /**
     * @param users    the {@code jmx_users} value; empty for none (the generated credential, in
     *                 {@code tm.pid.secret})
     * @param jvmArgs  extra options for the daemon's JVM (a {@code -javaagent})
     * @param programs the program sections
     */
    public TestDaemon(Path dir, String users, List<String> jvmArgs, String programs) throws IOException {
        this.dir = dir;
        this.conf = dir.resolve("taskmaster.conf");
        this.daemonKeys = "jolokia = off\njmx_port = 0\n" + (users.isEmpty() ? "" : "jmx_users = " + users + "\n");
        writePrograms(programs);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx128m");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "taskmaster.daemon.Main", "-n", "-c",
                conf.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("console.out").toFile())
                .start();
    }

    public TestDaemon(Path dir, String programs) throws IOException {
        this(dir, USER + ":" + PASSWORD + ":readwrite", List.of(), programs);
    }

    /** Rewrites the configuration with these program sections (for a reload). */
    public void writePrograms(String programs) throws IOException {
        Files.writeString(conf, "[taskmasterd]\npidfile = %(here)s/tm.pid\nlogfile = %(here)s/tm.log\n"
                + "environment = TM_TAG=" + tag + "\n" + daemonKeys + "\n" + programs);
    }

    /** Waits for the connector's log line; fills {@link #serviceUrl} and {@link #hostPort}. */
    public TestDaemon awaitJmx() {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("taskmasterd exited " + process.exitValue() + ":\n" + console());
            }
            Matcher m = SERVING.matcher(log());
            if (m.find()) {
                serviceUrl = m.group(1);
                hostPort = m.group(2);
                return true;
            }
            return false;
        });
        return this;
    }

    public JMXConnector connect() throws IOException {
        return JMXConnectorFactory.connect(new JMXServiceURL(serviceUrl),
                Map.of(JMXConnector.CREDENTIALS, new String[] {USER, PASSWORD}));
    }

    public String console() {
        return read(dir.resolve("console.out"));
    }

    public String log() {
        return read(dir.resolve("tm.log"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Pids of live processes carrying our tag. */
    public List<Long> children() {
        String needle = "\0TM_TAG=" + tag + "\0";
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (("\0" + env).contains(needle)) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /** SIGTERM, wait, then make sure no child survives. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (long pid : children()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Kills a helper process (jconsole, Xvfb, an exporter) and its descendants. */
    public static void kill(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
