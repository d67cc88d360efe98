package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.LimitExceeded;
import taskmaster.mbeans.ObjectNames;
import taskmaster.testing.TestDaemon;

/**
 * A real daemon with real sampling: a program that grows past {@code memory_limit} is restarted,
 * with its event log line and its notification over RMI; its programs start with their
 * {@code rlimit_*} (read back from {@code /proc/PID/limits}), a reload of an rlimit relaunches the
 * program with the new one, and a limit Linux refuses is a spawn error naming the key. One daemon
 * for the class.
 */
class ResourceLimitsDaemonTest {
    private static final String LIMITED = "taskmaster:type=Process,program=limited,name=limited";
    private static final String REFUSED = "taskmaster:type=Process,program=refused,name=refused";
    private static final String SUPERVISOR = "taskmaster:type=Supervisor";
    private static final String HOG = "taskmaster:type=Process,program=hog,name=hog";
    private static final String SPIN = "taskmaster:type=Process,program=spin,name=spin";

    /** 100 MB of its own, every page written (so resident), then it waits. */
    private static final String GROW = """
        import time
        hog = b'\\x01' * (100 << 20)
        time.sleep(100000)
        """;

    @TempDir
    static Path dir;

    private static TestDaemon d;

    /** Above Linux's cap on open files (fs.nr_open): refused even to root. */
    private static final long TOO_MANY = nrOpen() + 1;

    private static long nrOpen() {
        try {
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/nr_open"))
                    .getFirst()
                    .strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String programs(String nofile) {
        return """
            [spin]
            cmd = /usr/bin/python3 %s
            autostart = false
            starttime = 0
            stoptime = 2
            cpu_limit = 1%%
            limit_window = 2

            [hog]
            cmd = /usr/bin/python3 %s
            autostart = false
            starttime = 0
            stoptime = 2
            memory_limit = 64MB
            limit_window = 2

            [limited]
            cmd = sleep 100000
            starttime = 0
            stoptime = 2
            rlimit_nofile = %s
            rlimit_core = 0

            [refused]
            cmd = sleep 100000
            starttime = 0
            startretries = 0
            rlimit_nofile = 256:%d
            """.formatted(dir.resolve("spin.py"), dir.resolve("grow.py"), nofile, TOO_MANY);
    }

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("grow.py"), GROW);
        Files.writeString(dir.resolve("spin.py"), "while True:\n    pass\n");
        d = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .keys("sample_interval = 1")
                .jmx(TestDaemon.JMX_USERS)
                .programs(programs("256:512"))
                .start()
                .awaitUrl()
                .awaitJmx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (d != null) {
            d.close();
        }
    }

    private static long pid(String mbean) {
        return ((Number) d.read(mbean, "Pid")).longValue();
    }

    /** The soft and hard columns of a line of /proc/PID/limits. */
    private static List<String> limits(long pid, String name) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith(name)) {
                String[] cols = line.substring(name.length()).trim().split("\\s+");
                return List.of(cols[0], cols[1]);
            }
        }
        throw new AssertionError("no " + name + " in /proc/" + pid + "/limits");
    }

    @Test
    void theProgramRunsWithItsLimitsAndAReloadOfOneRelaunchesIt() throws Exception {
        d.awaitState(LIMITED, "RUNNING");
        long first = pid(LIMITED);
        assertThat(Files.readString(Path.of("/proc/" + first + "/comm")).strip())
                .isEqualTo("sleep");
        assertThat(limits(first, "Max open files")).containsExactly("256", "512");
        assertThat(limits(first, "Max core file size")).containsExactly("0", "0");

        d.writePrograms(programs("128:1024"));
        d.exec(SUPERVISOR, "reload");
        await().atMost(TestDaemon.BOUND).until(() -> {
            long now = pid(LIMITED);
            return now != 0 && now != first && "RUNNING".equals(d.read(LIMITED, "State"));
        });
        long second = pid(LIMITED);
        assertThat(limits(second, "Max open files")).containsExactly("128", "1024");
        assertThat(limits(second, "Max core file size")).containsExactly("0", "0");
    }

    @Test
    void aProgramThatGrowsPastItsMemoryLimitIsRestartedWithALogLineAndANotification() throws Exception {
        try (JMXConnector jmx = d.connect()) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            BlockingQueue<Notification> onSupervisor = new LinkedBlockingQueue<>();
            BlockingQueue<Notification> onProcess = new LinkedBlockingQueue<>();
            // Filtered here: a filter would be sent to the daemon, which cannot load the test's classes.
            c.addNotificationListener(ObjectNames.SUPERVISOR, (n, h) -> keepLimit(n, onSupervisor), null, null);
            c.addNotificationListener(ObjectNames.process("hog", "hog"), (n, h) -> keepLimit(n, onProcess), null, null);

            d.exec(SUPERVISOR, "start", "hog");
            d.awaitState(HOG, "RUNNING");
            long first = pid(HOG);
            d.awaitLog("memory limit: hog \\(pid " + first + "\\) RSS \\d+ MB over memory_limit 64 MB for 2"
                    + " samples in a row; restarting it");
            // The restart's stop line follows the limit line; the event log may not have written it yet.
            d.awaitLog(Pattern.quote("stop requested: hog (pid " + first + ") with SIGTERM"));

            for (BlockingQueue<Notification> heard : List.of(onSupervisor, onProcess)) {
                Notification n = heard.poll(TestDaemon.BOUND.toSeconds(), TimeUnit.SECONDS);
                assertThat(n).as("a taskmaster.process.limit notification").isNotNull();
                assertThat(n.getMessage())
                        .matches("hog: restarted, RSS \\d+ MB over memory_limit 64 MB for 2 samples in a row");
                CompositeData data = (CompositeData) n.getUserData();
                assertThat(data.get(LimitExceeded.PROCESS)).isEqualTo("hog");
                assertThat(data.get(LimitExceeded.PID)).isEqualTo(first);
                assertThat(data.get(LimitExceeded.KIND)).isEqualTo("memory");
                assertThat(data.get(LimitExceeded.LIMIT)).isEqualTo(64.0 * (1 << 20));
                assertThat((Double) data.get(LimitExceeded.VALUE)).isGreaterThan(90.0 * (1 << 20));
            }
            await().atMost(TestDaemon.BOUND).until(() -> {
                long now = pid(HOG);
                return now != 0 && now != first;
            });
            assertThat(((Number) d.read(HOG, "Restarts")).intValue()).isPositive();
            d.exec(SUPERVISOR, "stop", "hog");
            d.awaitState(HOG, "STOPPED");
        }
    }

    private static void keepLimit(Notification n, BlockingQueue<Notification> heard) {
        if (n.getType().equals(LimitExceeded.NOTIFICATION)) {
            heard.add(n);
        }
    }

    @Test
    void aProgramThatKeepsACoreBusyPastItsCpuLimitIsRestarted() {
        d.exec(SUPERVISOR, "start", "spin");
        d.awaitState(SPIN, "RUNNING");
        long first = pid(SPIN);
        // Even on a machine shared with many others, a busy loop gets more than 1 % of a core.
        d.awaitLog("cpu limit: spin \\(pid " + first + "\\) CPU [\\d.]+% over cpu_limit 1.0% for 2 samples in a row;"
                + " restarting it");
        await().atMost(TestDaemon.BOUND).until(() -> {
            long now = pid(SPIN);
            return now != 0 && now != first;
        });
        d.exec(SUPERVISOR, "stop", "spin");
        d.awaitState(SPIN, "STOPPED");
    }

    @Test
    void aLimitLinuxRefusesIsASpawnErrorNamingTheKey() {
        String why = "can't set rlimit_nofile = 256:" + TOO_MANY + ": the hard limit is above fs.nr_open";
        d.awaitLog("spawnerr: refused: " + why);
        d.awaitState(REFUSED, "FATAL");
        assertThat((String) d.read(REFUSED, "SpawnError")).startsWith(why);
    }
}
