package taskmaster.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.config.RunFiles;
import taskmaster.config.Secret;

/**
 * A real taskmasterd in its own JVM (so that a test can signal it, kill it and watch its children),
 * reached over Jolokia ({@link JolokiaHttp}) or RMI. Started from a {@link DaemonConfig}:
 * {@code TestDaemon.in(dir).keys(...).programs(...).start()}.
 *
 * <p>Every wait fails at once, with the exit code and the console, when the daemon has died.
 * {@link #close()} ends a daemon still running, its guard and every tagged child; a daemon the
 * test ended itself (a kill -9, a shutdown) is left as the test left it, for the next start's
 * recovery or the test's own checks.
 */
public final class TestDaemon extends JolokiaHttp implements AutoCloseable {

    /** The user {@link DaemonConfig#jmx(String)} is usually given, readwrite. */
    public static final String JMX_USER = "ops";

    public static final String JMX_PASSWORD = "ops-pw";
    public static final String JMX_USERS = JMX_USER + ":" + JMX_PASSWORD + ":readwrite";
    private static final Pattern JMX_SERVING = Pattern.compile("jmx: serving (service:jmx:\\S+) \\(jconsole (\\S+)\\)");

    public final DaemonConfig config;
    public final Path dir;
    public final Path conf;
    public final String tag;
    public final Process process;
    /** {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}, once {@link #awaitJmx()} returned. */
    public String serviceUrl;
    /** {@code 127.0.0.1:PORT}, what jconsole and jmxterm take. */
    public String hostPort;

    TestDaemon(DaemonConfig config, Process process) {
        this.config = config;
        this.dir = config.dir;
        this.conf = config.conf;
        this.tag = config.tag();
        this.process = process;
    }

    /** A daemon to be configured in {@code dir}, the test's own folder. */
    public static DaemonConfig in(Path dir) {
        return new DaemonConfig(dir);
    }

    public long pid() {
        return process.pid();
    }

    /** The event log so far. */
    public String log() {
        return read(config.logFile());
    }

    /** What the daemon printed on stdout and stderr. */
    public String console() {
        return read(config.consoleFile());
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Rewrites the configuration with these program sections, the same daemon keys (for a reload). */
    public void writePrograms(String programs) throws IOException {
        config.programs(programs).write();
    }

    /** The url, secret and state files, where the daemon and taskmasterctl compute them. */
    public RunFiles runFiles() {
        try {
            return RunFiles.of(
                    new ConfigLoader().loadDaemon(conf), conf.toAbsolutePath().normalize());
        } catch (ConfigException e) {
            throw new IllegalStateException("the test's own configuration " + conf + " does not load", e);
        }
    }

    /** The generated credential's file. */
    public Path secretFile() {
        return runFiles().secret();
    }

    /** Fails with what the daemon said when it has exited. */
    private void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("taskmasterd exited " + process.exitValue() + "; console:\n" + console()
                    + "\nevent log:\n" + log());
        }
    }

    /**
     * Waits for the url file and reads the URL in it; then authenticates with the generated secret
     * when the daemon made one (no {@code jolokia_user} configured) and no user was given.
     */
    public TestDaemon awaitUrl() {
        Path f = runFiles().url();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertAlive();
            return Files.exists(f) && !Files.readString(f).isBlank();
        });
        try {
            url = Files.readString(f).strip();
            if (user == null) {
                Secret.read(secretFile()).ifPresent(s -> as(s.user(), s.password()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    @Override
    public TestDaemon as(String user, String password) {
        super.as(user, password);
        return this;
    }

    @Override
    public void awaitState(String mbean, String state) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertAlive();
            return state.equals(read(mbean, "State"));
        });
    }

    /** Waits for the RMI connector's log line; fills {@link #serviceUrl} and {@link #hostPort}. */
    public TestDaemon awaitJmx() {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            Matcher m = JMX_SERVING.matcher(log());
            if (m.find()) {
                serviceUrl = m.group(1);
                hostPort = m.group(2);
                return true;
            }
            assertAlive();
            return false;
        });
        return this;
    }

    /** An RMI connection as {@link #JMX_USER}. */
    public JMXConnector connect() throws IOException {
        return connect(JMX_USER, JMX_PASSWORD);
    }

    public JMXConnector connect(String user, String password) throws IOException {
        return JMXConnectorFactory.connect(
                new JMXServiceURL(serviceUrl), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    /** Waits until the event log has a line matching {@code regex}; returns the first group or the match. */
    public String awaitLog(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        String[] found = new String[1];
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> {
            Matcher m = p.matcher(log());
            if (m.find()) {
                found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                return true;
            }
            assertAlive(); // after the match: a daemon that logged it and exited has still logged it
            return false;
        });
        return found[0];
    }

    /** How many times the event log matches {@code regex}. */
    public long count(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(log());
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    public void signal(String sig) throws IOException, InterruptedException {
        Procs.signal(pid(), sig);
    }

    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("taskmasterd did not exit; console:\n" + console() + "\nevent log:\n" + log());
        }
        return process.exitValue();
    }

    /** Pids of live processes carrying the tag: the daemon's children and what they started. */
    public List<Long> children() {
        return Procs.withEnv(config.tagVar(), tag);
    }

    /** The daemon's guard process, which kills every child's process group when the daemon dies. */
    public List<ProcessHandle> guards() {
        return process.toHandle()
                .children()
                .filter(c -> c.info().commandLine().orElse("").contains("taskmaster-guard"))
                .toList();
    }

    /**
     * kill -9 of the daemon and of its guard together, as an OOM killer or a cgroup kill may do:
     * the guard is stopped first so that it cannot act, then both die. What they leave is the next
     * start's recovery to find.
     */
    public void crash() throws IOException, InterruptedException {
        List<ProcessHandle> guards = guards();
        if (guards.size() != 1) {
            throw new AssertionError("the daemon's guard process: " + guards);
        }
        ProcessHandle guard = guards.get(0);
        Procs.signal(guard.pid(), "STOP");
        process.destroyForcibly();
        process.waitFor();
        Procs.signal(guard.pid(), "KILL");
        await().atMost(BOUND).until(() -> !guard.isAlive());
    }

    /** Ends a daemon still running (SIGTERM, a generous wait, SIGKILL), then its guard and tagged children. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> guards = guards();
        Procs.stop(process);
        for (ProcessHandle g : guards) {
            g.destroyForcibly();
        }
        Procs.killAll(config.tagVar(), tag);
        await().atMost(BOUND)
                .until(() -> guards.stream().noneMatch(ProcessHandle::isAlive)
                        && children().isEmpty());
    }
}
