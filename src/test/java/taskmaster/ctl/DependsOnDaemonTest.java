package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.management.JMX;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.Result;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * depends_on with real processes and real clients: {@code db} is up only once its start time has
 * passed, and {@code web} depends on it.
 */
class DependsOnDaemonTest {
    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    private static final String PROGRAMS = """
        [db]
        cmd = sleep 100031
        starttime = 2
        [web]
        cmd = sleep 100032
        starttime = 0
        depends_on = db
        """;

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private static final String DB = ObjectNames.processName("db", "db");
    private static final String WEB = ObjectNames.processName("web", "web");

    @Test
    void webIsSpawnedAfterDbIsRunningAndStoppingDbIsRefusedWhileWebRuns() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .tag("TM_TEST_TAG", tag)
                .programs(PROGRAMS)
                .start()
                .awaitUrl()) {
            d.awaitLog("success: web entered RUNNING");
            String log = d.log();
            int dbRunning = log.indexOf("success: db entered RUNNING");
            int webSpawned = log.indexOf("spawned: 'web' with pid");
            assertThat(dbRunning).isPositive();
            assertThat(log.indexOf("waiting: web for db (depends_on)"))
                    .isPositive()
                    .isLessThan(dbRunning);
            assertThat(webSpawned).as(log).isGreaterThan(dbRunning);
            long dbStart = ((Number) d.read(DB, "StartTime")).longValue();
            long webStart = ((Number) d.read(WEB, "StartTime")).longValue();
            assertThat(webStart - dbStart).isGreaterThanOrEqualTo(2000);

            // Refused, over Jolokia and through taskmasterctl, with the engine's words.
            long dbPid = ((Number) d.read(DB, "Pid")).longValue();
            List<?> results = (List<?>) TestDaemon.value(d.exec(ObjectNames.SUPERVISOR_NAME, "stop", "db"));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) results.getFirst();
            assertThat(result)
                    .containsEntry("name", "db")
                    .containsEntry("ok", false)
                    .containsEntry("fault", "HAS_DEPENDENTS")
                    .containsEntry(
                            "message",
                            "web depends on db and is up (allowed: stop web first, or stop --with-dependents)");
            Run ctl = Run.ctl(d, "stop", "db");
            assertThat(ctl.out())
                    .isEqualTo("db: ERROR (has dependents: web depends on db and is up (allowed: stop web first, or"
                            + " stop --with-dependents))\n");
            assertThat(ctl.code()).isEqualTo(Exit.FAILED);
            assertThat(d.read(DB, "State")).isEqualTo("RUNNING");
            assertThat(((Number) d.read(DB, "Pid")).longValue()).isEqualTo(dbPid);

            // With its dependents: web stops first, then db.
            Run both = Run.ctl(d, "stop", "--with-dependents", "db");
            assertThat(both.out()).isEqualTo("web: stopped\ndb: stopped\n");
            assertThat(both.code()).isZero();
            String after = d.log();
            assertThat(after.indexOf("stopped: web")).isPositive().isLessThan(after.indexOf("stop requested: db"));

            // A start of web brings db up first.
            Run started = Run.ctl(d, "start", "web");
            assertThat(started.out()).isEqualTo("web: started\n");
            assertThat(d.read(DB, "State")).isEqualTo("RUNNING");
            assertThat(((Number) d.read(WEB, "StartTime")).longValue() - ((Number) d.read(DB, "StartTime")).longValue())
                    .isGreaterThanOrEqualTo(2000);
        }
    }

    /** The RMI connector serves the operation (its allow-list is the Jolokia policy's), and its refusal is the engine's. */
    @Test
    void overRmiStopIsRefusedAndStopWithDependentsStopsBoth() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .tag("TM_TEST_TAG", tag)
                .jolokiaOff()
                .jmx(TestDaemon.JMX_USERS)
                .programs(PROGRAMS)
                .start()
                .awaitJmx()) {
            d.awaitLog("success: web entered RUNNING");
            try (JMXConnector c = d.connect()) {
                SupervisorMXBean sup = JMX.newMXBeanProxy(
                        c.getMBeanServerConnection(), ObjectNames.SUPERVISOR, SupervisorMXBean.class);
                assertThat(sup.stop("db"))
                        .containsExactly(new Result(
                                "db",
                                false,
                                "HAS_DEPENDENTS",
                                "web depends on db and is up (allowed: stop web first, or stop --with-dependents)"));
                assertThat(sup.stopWithDependents("db"))
                        .containsExactly(new Result("web", true, "", "stopped"), new Result("db", true, "", "stopped"));
            }
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).isEmpty();
        }
    }

    @Test
    void aReloadWithACycleChangesNothingAndSaysWhere() throws Exception {
        DaemonConfig daemon = TestDaemon.in(dir).tag("TM_TEST_TAG", tag).programs(PROGRAMS);
        try (TestDaemon d = daemon.start().awaitUrl()) {
            d.awaitLog("success: web entered RUNNING");
            List<Long> before = Procs.withEnv("TM_TEST_TAG", tag);
            assertThat(before).hasSize(2);
            String cyclic = PROGRAMS.replace("starttime = 2\n", "starttime = 2\ndepends_on = web\n");
            daemon.programs(cyclic).write();
            d.signal("HUP");
            d.awaitLog("reload: 1 error\\(s\\) in the configuration; nothing changed");
            int line = lineOf(daemon.conf, "depends_on = web");
            assertThat(d.log())
                    .contains("config error: " + daemon.conf + ":" + line + ": [db] depends_on: 'web' is a dependency"
                            + " cycle: db -> web -> db (allowed: dependencies that never lead back to the program)");
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).containsExactlyInAnyOrderElementsOf(before);
            assertThat(d.count("spawned: ")).isEqualTo(2);
            await().atMost(TestDaemon.BOUND).until(() -> "RUNNING".equals(d.read(WEB, "State")));
        }
    }

    private static int lineOf(Path file, String text) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
