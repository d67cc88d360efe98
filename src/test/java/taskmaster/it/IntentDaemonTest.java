package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * Memory of intent with real processes and real daemons: what the operator asked of one daemon
 * (a stop, a start, a scale) is what the next one, started on the same run folder, does; and
 * {@code scale} adds and removes processes while every other keeps its pid.
 */
@SuppressWarnings("unchecked")
class IntentDaemonTest {

    private static final String TAG = "TM_INTENT_TAG";
    private static final String SUPERVISOR = "taskmaster:type=Supervisor";

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll(TAG, tag);
    }

    private TestDaemon start(String programs) throws Exception {
        DaemonConfig conf =
                TestDaemon.in(dir).tag(TAG, tag).keys("loglevel = info").programs(programs);
        return conf.start().awaitUrl();
    }

    private static String process(String program, String name) {
        return "taskmaster:type=Process,program=" + program + ",name=" + name;
    }

    private static long pid(TestDaemon d, String program, String name) {
        return ((Number) d.read(process(program, name), "Pid")).longValue();
    }

    private static Object ok(JSONObject answer) {
        return JolokiaHttp.value(answer);
    }

    private static void stop(TestDaemon d) throws Exception {
        d.signal("TERM");
        assertThat(d.awaitExit()).isZero();
    }

    private static List<String> processNames(TestDaemon d) {
        return ((List<Map<String, Object>>) d.read(SUPERVISOR, "Processes"))
                .stream().map(m -> (String) m.get("name")).sorted().toList();
    }

    private static final String PROGRAMS = """
        [api]
        cmd = sleep 100301
        starttime = 0
        [batch]
        cmd = sleep 100302
        autostart = false
        starttime = 0
        [cache]
        cmd = sleep 100303
        starttime = 0
        """;

    @Test
    void aStoppedProgramStaysStoppedAndAStartedOneComesBackAcrossADaemonRestart() throws Exception {
        Path intentFile;
        try (TestDaemon d = start(PROGRAMS)) {
            intentFile = d.runFiles().intent();
            d.awaitState(process("api", "api"), "RUNNING");
            ok(d.exec(SUPERVISOR, "stop", "api"));
            ok(d.exec(SUPERVISOR, "start", "batch"));
            assertThat(d.read(process("api", "api"), "WantedSource")).isEqualTo("OPERATOR");
            await().atMost(JolokiaHttp.BOUND)
                    .until(() -> Files.exists(intentFile)
                            && Files.readString(intentFile).contains("want down api\n")
                            && Files.readString(intentFile).contains("want up batch\n"));
            stop(d);
        }
        long apiSpawns = TestDaemon.in(dir).logFile().toFile().exists()
                ? Files.readString(TestDaemon.in(dir).logFile())
                        .lines()
                        .filter(l -> l.contains("spawned: 'api'"))
                        .count()
                : 0;
        assertThat(apiSpawns).isEqualTo(1);

        try (TestDaemon d = start(PROGRAMS)) {
            d.awaitState(process("batch", "batch"), "RUNNING");
            d.awaitState(process("cache", "cache"), "RUNNING");
            assertThat(d.read(process("api", "api"), "State")).isEqualTo("STOPPED");
            assertThat(d.read(process("api", "api"), "WantedSource")).isEqualTo("PERSISTED");
            assertThat(d.read(process("batch", "batch"), "WantedSource")).isEqualTo("PERSISTED");
            assertThat(d.read(process("cache", "cache"), "WantedSource")).isEqualTo("CONFIG");
            // The first reload started every autostart program at once: api was not among them.
            assertThat(d.count("spawned: 'api'")).isEqualTo(1);

            // forget: back to autostart, which starts api; the file no longer keeps it.
            List<Map<String, Object>> forgotten = (List<Map<String, Object>>) ok(d.exec(SUPERVISOR, "forget", "api"));
            assertThat(forgotten)
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("message")).isEqualTo("forgotten"));
            d.awaitState(process("api", "api"), "RUNNING");
            assertThat(d.read(process("api", "api"), "WantedSource")).isEqualTo("CONFIG");
            await().atMost(JolokiaHttp.BOUND)
                    .until(() -> !Files.readString(intentFile).contains("api"));
        }
    }

    private static final String POOL = """
        [web]
        cmd = sleep 100401
        numprocs = 2
        process_name = web_%(process_num)d
        starttime = 0
        [api]
        cmd = sleep 100402
        starttime = 0
        """;

    @Test
    void scaleAddsAndRemovesProcessesWhileTheOthersKeepTheirPidsAndTheOverrideOutlivesARestart() throws Exception {
        try (TestDaemon d = start(POOL)) {
            d.awaitState(process("web", "web_1"), "RUNNING");
            d.awaitState(process("api", "api"), "RUNNING");
            long api = pid(d, "api", "api");
            long web0 = pid(d, "web", "web_0");
            long web1 = pid(d, "web", "web_1");

            List<Map<String, Object>> up =
                    (List<Map<String, Object>>) ok(d.exec("taskmaster:type=Program,name=web", "scale", 4));
            assertThat(up)
                    .extracting(r -> r.get("name") + " " + r.get("message"))
                    .containsExactly("web_2 added", "web_3 added");
            d.awaitState(process("web", "web_3"), "RUNNING");
            assertThat(pid(d, "web", "web_0")).isEqualTo(web0);
            assertThat(pid(d, "web", "web_1")).isEqualTo(web1);
            assertThat(pid(d, "api", "api")).isEqualTo(api);
            assertThat(d.read("taskmaster:type=Program,name=web", "NumProcs")).isEqualTo(4L);
            assertThat(d.read("taskmaster:type=Program,name=web", "FileNumProcs"))
                    .isEqualTo(2L);
            await().atMost(JolokiaHttp.BOUND).until(() -> d.children().size() == 5);

            Map<String, Object> reread = (Map<String, Object>) ok(d.exec(SUPERVISOR, "reread"));
            assertThat((List<Object>) reread.get("changed")).isEmpty();
            assertThat((List<Object>) reread.get("notes"))
                    .singleElement()
                    .asString()
                    .startsWith("web: scaled to 4 processes (the files say numprocs = 2)");

            List<Map<String, Object>> down =
                    (List<Map<String, Object>>) ok(d.exec("taskmaster:type=Program,name=web", "scale", 1));
            assertThat(down)
                    .extracting(r -> r.get("name") + " " + r.get("message"))
                    .containsExactly("web_3 removed", "web_2 removed", "web_1 removed");
            assertThat(processNames(d)).containsExactly("api", "web_0");
            assertThat(pid(d, "web", "web_0")).isEqualTo(web0);
            assertThat(pid(d, "api", "api")).isEqualTo(api);
            await().atMost(JolokiaHttp.BOUND).until(() -> d.children().size() == 2);
            // The highest numbers were asked to stop first.
            String log = d.log();
            assertThat(log.indexOf("stop requested: web_3")).isLessThan(log.indexOf("stop requested: web_2"));
            assertThat(log.indexOf("stop requested: web_2")).isLessThan(log.indexOf("stop requested: web_1"));

            JSONObject bad = d.exec("taskmaster:type=Program,name=web", "scale", 0);
            assertThat((String) bad.get("error")).contains("BAD_ARGUMENTS: web: numprocs '0' is out of range");

            ok(d.exec("taskmaster:type=Program,name=web", "scale", 3));
            d.awaitState(process("web", "web_2"), "RUNNING");
            stop(d);
        }

        // The next daemon runs the override, as long as the files say numprocs = 2.
        try (TestDaemon d = start(POOL)) {
            d.awaitState(process("web", "web_2"), "RUNNING");
            assertThat(processNames(d)).containsExactly("api", "web_0", "web_1", "web_2");

            // Once they say another numprocs, theirs wins at the reload and the override ends.
            d.writePrograms(POOL.replace("numprocs = 2", "numprocs = 5"));
            Map<String, Object> reload = (Map<String, Object>) ok(d.exec(SUPERVISOR, "reload"));
            assertThat((List<Object>) reload.get("notes"))
                    .singleElement()
                    .asString()
                    .contains("the files' numprocs changed from 2 to 5");
            d.awaitState(process("web", "web_4"), "RUNNING");
            assertThat(d.read("taskmaster:type=Program,name=web", "FileNumProcs"))
                    .isEqualTo(5L);
            Path intentFile = d.runFiles().intent();
            await().atMost(JolokiaHttp.BOUND)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !Files.readString(intentFile).contains("scale"));
        }
    }
}
