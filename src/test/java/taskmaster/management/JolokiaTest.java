package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static taskmaster.testing.TestDaemon.value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** Every bean, attribute and operation over real HTTP against a real daemon with real children. */
@SuppressWarnings("unchecked")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JolokiaTest {

    static final String SUP = "taskmaster:type=Supervisor";
    static final String ONE = "taskmaster:type=Process,program=one,name=one";
    static final String POOL = "taskmaster:type=Program,name=pool";
    static final String PROGRAMS = """
        [one]
        cmd = sleep 100000
        starttime = 0
        [pool]
        cmd = sleep 100000
        numprocs = 2
        process_name = pool_%(process_num)s
        starttime = 0
        stoptime = 5
        [broken]
        cmd = /nonexistent/command
        autostart = false
        startretries = 0
        starttime = 0
        [manual]
        cmd = sleep 100000
        autostart = false
        starttime = 0
        """;

    TestDaemon d;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl();
        d.awaitState(ONE, "RUNNING");
        d.awaitState(POOL, "RUNNING");
    }

    @AfterAll
    void stop() throws Exception {
        d.close();
        assertThat(d.children()).isEmpty();
    }

    @Test
    @Order(1)
    void servesOnLoopbackAndLogsTheUrl() {
        assertThat(d.url).matches("http://127\\.0\\.0\\.1:\\d+/jolokia");
        assertThat(d.log()).contains("jolokia: serving " + d.url);
    }

    @Test
    @Order(2)
    void supervisorAttributesByGet() {
        JSONObject all = (JSONObject) value(d.get("/read/" + SUP));
        assertThat(all.get("Version")).isNotNull();
        assertThat(((Number) all.get("Pid")).longValue()).isEqualTo(d.process.pid());
        assertThat(all.get("State")).isEqualTo("RUNNING");
        assertThat(all.get("ConfigFile")).isEqualTo(d.conf.toString());
        assertThat(((Number) all.get("StartTime")).longValue()).isPositive();
        JSONArray programs = (JSONArray) all.get("Programs");
        assertThat(programs)
                .extracting(p -> ((Map<String, Object>) p).get("name"))
                .containsExactlyInAnyOrder("one", "pool", "broken", "manual");
        JSONArray processes = (JSONArray) all.get("Processes");
        assertThat(processes).hasSize(5);
        Map<String, Object> one = processes.stream()
                .map(p -> (Map<String, Object>) p)
                .filter(p -> p.get("name").equals("one"))
                .findFirst()
                .orElseThrow();
        assertThat(one.keySet())
                .containsExactlyInAnyOrder(
                        "name",
                        "program",
                        "group",
                        "state",
                        "pid",
                        "description",
                        "startTime",
                        "exitStatus",
                        "restarts",
                        "spawnError",
                        "wanted",
                        "wantedSource",
                        "health",
                        "healthCheckedAt",
                        "healthOk",
                        "healthMessage",
                        "healthFailures",
                        "waitingFor",
                        "statusText");
        assertThat(one.get("state")).isEqualTo("RUNNING");
        assertThat(one.get("health")).isEqualTo("NONE");
        assertThat(one.get("wantedSource")).isEqualTo("CONFIG");
        assertThat(one.get("waitingFor")).isEqualTo("");
        assertThat((String) one.get("description")).matches("pid \\d+, uptime 0:00:\\d\\d");
        assertThat(one.get("wanted")).isEqualTo(true);
    }

    /**
     * A full status read whole takes FlatCompositeSerializer's road; a path or the options that
     * change its shape go to Jolokia's own serializer, and each answers as Jolokia does.
     */
    @Test
    @Order(2)
    void aFullStatusWholeByPathAndWithItsOptions() {
        JSONArray whole = (JSONArray) value(d.get("/read/" + SUP + "/Processes"));
        assertThat(whole)
                .hasSize(5)
                .allSatisfy(p -> assertThat((Map<String, Object>) p).hasSize(19));
        Map<String, Object> first = (Map<String, Object>) whole.get(0);
        assertThat(first.get("startTime")).isInstanceOf(Long.class);
        assertThat(first.get("pid")).isInstanceOf(Long.class);
        assertThat(first.get("restarts")).isInstanceOf(Long.class);
        assertThat(value(d.get("/read/" + SUP + "/Processes/0/name"))).isEqualTo(first.get("name"));
        JSONArray asStrings = (JSONArray) value(d.get("/read/" + SUP + "/Processes?serializeLong=string"));
        assertThat(((Map<String, Object>) asStrings.get(0)).get("startTime"))
                .isEqualTo(String.valueOf(first.get("startTime")));
        // Only longs become strings: restarts is an int.
        assertThat(((Map<String, Object>) asStrings.get(0)).get("pid")).isInstanceOf(String.class);
        assertThat(((Map<String, Object>) asStrings.get(0)).get("restarts")).isInstanceOf(Long.class);
        assertThat((JSONArray) value(d.get("/read/" + SUP + "/Processes?maxCollectionSize=2")))
                .hasSize(2);
        assertThat((JSONArray) value(d.get("/read/" + SUP + "/Processes?maxDepth=2")))
                .hasSize(5)
                .allSatisfy(
                        p -> assertThat(((Map<String, Object>) p).get("pid")).isInstanceOf(String.class));
    }

    @Test
    @Order(3)
    void programAndProcessAttributesByGetAndPost() {
        JSONObject pool = (JSONObject) value(d.get("/read/" + POOL));
        assertThat(pool)
                .containsEntry("State", "RUNNING")
                .containsEntry("Command", "sleep 100000")
                .containsEntry("StopSignal", "TERM")
                .containsEntry("Autorestart", "unexpected");
        assertThat(((Number) pool.get("NumProcs")).intValue()).isEqualTo(2);
        assertThat(((Number) pool.get("Running")).intValue()).isEqualTo(2);
        assertThat(((Number) pool.get("StopSeconds")).intValue()).isEqualTo(5);
        assertThat((List<Object>) pool.get("Processes")).hasSize(2);

        JSONObject one = (JSONObject) value(d.postOne(Map.of("type", "read", "mbean", ONE)));
        long pid = ((Number) one.get("Pid")).longValue();
        assertThat(pid).isPositive();
        assertThat(ProcessHandle.of(pid)).isPresent();
        assertThat(one)
                .containsEntry("State", "RUNNING")
                .containsEntry("SpawnError", "")
                .containsEntry("Description", one.get("Description"));
        assertThat((String) one.get("Description")).startsWith("pid " + pid + ", uptime ");
        assertThat(((Number) one.get("StartTime")).longValue()).isPositive();
        assertThat(((Number) one.get("Uptime")).longValue()).isGreaterThanOrEqualTo(0);
        assertThat(((Number) one.get("ExitStatus")).intValue()).isEqualTo(-1);
        assertThat(((Number) one.get("Restarts")).intValue()).isZero();

        JSONObject fatal = (JSONObject) value(d.get("/read/taskmaster:type=Process,program=manual,name=manual"));
        assertThat(fatal)
                .containsEntry("State", "STOPPED")
                .containsEntry("Description", "Not started")
                .containsEntry("Pid", 0L);
    }

    @Test
    @Order(4)
    void operationsWaitForTheOutcomeAndReportFaultsPerProcess() {
        // stop a whole program by group:*; each process is STOPPED when the call returns
        JSONArray stopped = (JSONArray) value(d.exec(SUP, "stop", "pool:*"));
        assertThat(stopped).extracting(r -> ((Map<String, Object>) r).get("ok")).containsOnly(true);
        assertThat(d.read("taskmaster:type=Process,program=pool,name=pool_0", "State"))
                .isEqualTo("STOPPED");
        assertThat((String) d.read("taskmaster:type=Process,program=pool,name=pool_0", "Description"))
                .matches("\\w{3} \\d\\d \\d\\d:\\d\\d [AP]M, terminated by SIGTERM");
        // already stopped: a record with its fault, like supervisorctl's ERROR (not running)
        JSONArray again = (JSONArray) value(d.exec(SUP, "stop", "pool"));
        assertThat(again)
                .extracting(r -> ((Map<String, Object>) r).get("fault"))
                .containsOnly("NOT_RUNNING");
        // group:name, then a start that waits for RUNNING
        JSONArray started = (JSONArray) value(d.exec(SUP, "start", "pool:pool_1"));
        assertThat(started).hasSize(1);
        assertThat(((Map<String, Object>) started.getFirst()).get("ok")).isEqualTo(true);
        assertThat(d.read("taskmaster:type=Process,program=pool,name=pool_1", "State"))
                .isEqualTo("RUNNING");
        // program bean operations
        JSONArray viaProgram = (JSONArray) value(d.exec(POOL, "start"));
        assertThat(viaProgram)
                .extracting(r -> ((Map<String, Object>) r).get("fault"))
                .containsExactlyInAnyOrder("", "ALREADY_STARTED");
        assertThat(d.read(POOL, "State")).isEqualTo("RUNNING");
        long before = ((Number) d.read(ONE, "Pid")).longValue();
        assertThat((Map<String, Object>) value(d.exec(ONE, "restart"))).containsEntry("ok", true);
        assertThat(((Number) d.read(ONE, "Pid")).longValue()).isNotEqualTo(before);
        assertThat((JSONArray) value(d.exec(POOL, "signal", "CONT"))).hasSize(2);
        assertThat((Map<String, Object>) value(d.exec(ONE, "signal", "SIGCONT")))
                .containsEntry("ok", true);
        // 'all' restarts every process
        JSONArray everything = (JSONArray) value(d.exec(SUP, "restart", "one,pool"));
        assertThat(everything).hasSize(3);
    }

    @Test
    @Order(5)
    void faultsAreJsonErrorsWithTheirCodes() {
        JSONObject bad = d.exec(SUP, "start", "nope");
        assertThat(bad.get("status")).isEqualTo(500L);
        assertThat(bad.get("error_type")).isEqualTo("java.lang.IllegalArgumentException");
        assertThat((String) bad.get("error")).startsWith("BAD_NAME: nope: ");
        assertThat(bad).doesNotContainKey("stacktrace");

        JSONObject already = d.exec(ONE, "start");
        assertThat((String) already.get("error")).startsWith("ALREADY_STARTED: one: ");
        JSONObject notRunning = d.exec("taskmaster:type=Process,program=manual,name=manual", "stop");
        assertThat((String) notRunning.get("error")).startsWith("NOT_RUNNING: manual: ");
        JSONObject badSignal = d.exec(ONE, "signal", "SIGNOPE");
        assertThat((String) badSignal.get("error")).startsWith("BAD_SIGNAL: one: ");
        JSONObject spawn = d.exec("taskmaster:type=Process,program=broken,name=broken", "start");
        assertThat((String) spawn.get("error")).startsWith("SPAWN_ERROR: broken: ");
        assertThat(d.read("taskmaster:type=Process,program=broken,name=broken", "State"))
                .isEqualTo("FATAL");
        assertThat((String) d.read("taskmaster:type=Process,program=broken,name=broken", "SpawnError"))
                .isNotEmpty();
        JSONArray record = (JSONArray) value(d.exec(SUP, "start", "broken"));
        assertThat(((Map<String, Object>) record.getFirst()).get("fault")).isEqualTo("SPAWN_ERROR");
    }

    @Test
    @Order(6)
    void bulkRequestsMixReadsPatternsAndExecs() {
        JSONArray answers = d.postBulk(List.of(
                Map.of("type", "read", "mbean", "taskmaster:type=Process,*", "attribute", List.of("State", "Pid")),
                Map.of("type", "exec", "mbean", SUP, "operation", "start", "arguments", List.of("manual")),
                Map.of(
                        "type",
                        "read",
                        "mbean",
                        "taskmaster:type=Process,program=manual,name=manual",
                        "attribute",
                        "State"),
                Map.of("type", "read", "mbean", "java.lang:type=Memory", "attribute", "HeapMemoryUsage")));
        assertThat(answers)
                .hasSize(4)
                .allSatisfy(
                        a -> assertThat(((Map<String, Object>) a).get("status")).isEqualTo(200L));
        Map<String, Object> states = (Map<String, Object>) ((Map<String, Object>) answers.get(0)).get("value");
        assertThat(states).hasSize(5);
        assertThat(((Map<String, Object>) answers.get(2)).get("value")).isEqualTo("RUNNING");
    }

    @Test
    @Order(7)
    void descriptionsAreSentencesInList() {
        JSONObject list = (JSONObject) value(d.get("/list/taskmaster/type=Supervisor"));
        Map<String, Object> attr = (Map<String, Object>) list.get("attr");
        assertThat((String) ((Map<String, Object>) attr.get("StartTime")).get("desc"))
                .contains("epoch ms");
        Map<String, Object> start = (Map<String, Object>) ((Map<String, Object>) list.get("op")).get("start");
        assertThat((String) start.get("desc")).startsWith("Starts the named processes");
        assertThat(((Map<String, Object>) ((List<Object>) start.get("args")).getFirst()).get("name"))
                .isEqualTo("names");
        assertThat((String) list.get("desc")).contains("supervisor");
        JSONObject process = (JSONObject) value(d.get("/list/taskmaster/type=Process,program=one,name=one"));
        assertThat((String)
                        ((Map<String, Object>) ((Map<String, Object>) process.get("attr")).get("Uptime")).get("desc"))
                .contains("in ms");
        assertThat((Map<String, Object>) process.get("notif"))
                .containsKey("javax.management.AttributeChangeNotification");
    }

    @Test
    @Order(8)
    void thePolicyForbidsWhatIsNotTheDaemonsBusiness() {
        JSONObject dcmd = d.postOne(
                Map.of("type", "exec", "mbean", "com.sun.management:type=DiagnosticCommand", "operation", "vmVersion"));
        assertThat(dcmd.get("status")).isEqualTo(403L);
        JSONObject write = d.postOne(
                Map.of("type", "write", "mbean", "java.lang:type=Memory", "attribute", "Verbose", "value", true));
        assertThat(write.get("status")).isEqualTo(403L);
        JSONObject gc = d.postOne(Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc"));
        assertThat(gc.get("status")).isEqualTo(403L);
        JSONObject other = d.postOne(
                Map.of("type", "read", "mbean", "java.lang:type=ClassLoading", "attribute", "LoadedClassCount"));
        assertThat(other.get("status")).isEqualTo(403L);
        assertThat(d.read("java.lang:type=Threading", "ThreadCount")).isNotNull();
        assertThat(d.read("java.lang:type=OperatingSystem", "AvailableProcessors"))
                .isNotNull();
        assertThat(d.read("java.lang:type=Runtime", "Uptime")).isNotNull();
    }

    @Test
    @Order(8)
    void aJsr160ProxyRequestIsRefusedWithoutConnectingAnywhere() throws Exception {
        try (java.net.ServerSocket bait = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + bait.getLocalPort() + "/jmxrmi";
            JSONObject proxied = d.postOne(Map.of(
                    "type",
                    "read",
                    "mbean",
                    "java.lang:type=Memory",
                    "attribute",
                    "HeapMemoryUsage",
                    "target",
                    Map.of("url", url)));
            assertThat(proxied.get("status")).isEqualTo(403L);
            assertThat((String) proxied.get("error")).contains("not allowed");
            bait.setSoTimeout(1);
            // The request is answered synchronously: had the proxy dialled out, the connection would be queued.
            org.assertj.core.api.Assertions.assertThatThrownBy(bait::accept)
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    @Order(9)
    void rereadShowsAndReloadAppliesWhileNotificationsArePulledAcrossIt() throws Exception {
        JSONObject reg = (JSONObject) value(d.postOne(Map.of("type", "notification", "command", "register")));
        String client = (String) reg.get("id");
        String store =
                (String) ((Map<String, Object>) ((Map<String, Object>) reg.get("backend")).get("pull")).get("store");
        String handle = (String) value(d.postOne(Map.of(
                "type",
                "notification",
                "command",
                "add",
                "client",
                client,
                "mode",
                "pull",
                "mbean",
                SUP,
                "filter",
                List.of("jmx.attribute.change"))));
        String oneHandle = (String) value(d.postOne(
                Map.of("type", "notification", "command", "add", "client", client, "mode", "pull", "mbean", ONE)));

        d.writePrograms(PROGRAMS.replace("[manual]", "[extra]") + "\n[bad]\ncmd = sleep 1\n");
        // reread applies nothing
        Map<String, Object> reread = (Map<String, Object>) value(d.exec(SUP, "reread"));
        assertThat((List<Object>) reread.get("added")).containsExactlyInAnyOrder("extra", "bad");
        assertThat((List<Object>) reread.get("removed")).containsExactly("manual");
        assertThat((List<Object>) reread.get("errors")).isEmpty();
        assertThat(d.read("taskmaster:type=Process,program=manual,name=manual", "State"))
                .isNotNull();

        Map<String, Object> reload = (Map<String, Object>) value(d.exec(SUP, "reload"));
        assertThat((List<Object>) reload.get("added")).containsExactlyInAnyOrder("extra", "bad");
        assertThat((List<Object>) reload.get("removed")).containsExactly("manual");
        JSONArray names = (JSONArray) value(d.get("/search/taskmaster:*"));
        assertThat(names)
                .contains("taskmaster:type=Program,name=extra")
                .doesNotContain(
                        "taskmaster:type=Program,name=manual", "taskmaster:type=Process,program=manual,name=manual");
        assertThat((Map<String, Object>) value(d.exec("taskmaster:type=Process,program=extra,name=extra", "start")))
                .containsEntry("ok", true);
        d.exec(ONE, "restart");

        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, Object> pulled = (Map<String, Object>) value(d.postOne(
                    Map.of("type", "exec", "mbean", store, "operation", "pull", "arguments", List.of(client, handle))));
            List<?> notifs = (List<Object>) pulled.get("notifications");
            assertThat(notifs).anySatisfy(n -> {
                Map<String, Object> m = (Map<String, Object>) n;
                assertThat(m.get("attributeName")).isEqualTo("State");
                assertThat(m.get("newValue")).isEqualTo("RUNNING");
                Map<String, Object> data = (Map<String, Object>) m.get("userData");
                assertThat(data)
                        .containsEntry("process", "extra")
                        .containsEntry("program", "extra")
                        .containsEntry("newState", "RUNNING")
                        .containsKeys("oldState", "pid", "exitStatus", "time");
            });
            assertThat(notifs)
                    .anySatisfy(n -> assertThat((Map<String, Object>) ((Map<String, Object>) n).get("userData"))
                            .containsEntry("process", "manual")
                            .containsEntry("newState", "STOPPED"));
        });
        // the process bean 'one' was left in place by the reload, so its listener still hears it
        await().atMost(TestDaemon.BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, Object> pulled = (Map<String, Object>) value(d.postOne(Map.of(
                    "type", "exec", "mbean", store, "operation", "pull", "arguments", List.of(client, oneHandle))));
            assertThat((List<Object>) pulled.get("notifications"))
                    .anySatisfy(n -> assertThat(((Map<String, Object>) n).get("newValue"))
                            .isEqualTo("STOPPING"));
        });
        d.postOne(Map.of("type", "notification", "command", "unregister", "client", client));
    }

    @Test
    @Order(10)
    void aReloadWithErrorsReturnsThemAndChangesNothing() throws Exception {
        Files.writeString(d.conf, Files.readString(d.conf) + "\n[worse]\ncmd = sleep 1\nnumprocs = many\n");
        Map<String, Object> reload = (Map<String, Object>) value(d.exec(SUP, "reload"));
        assertThat((List<Object>) reload.get("errors"))
                .singleElement()
                .asString()
                .contains(d.conf + ":")
                .contains("[worse] numprocs: 'many'");
        assertThat((List<Object>) reload.get("added")).isEmpty();
        assertThat((List<Object>) value(d.get("/search/taskmaster:type=Program,name=worse")))
                .isEmpty();
    }

    @Test
    @Order(11)
    void shutdownStopsEverythingAndRemovesTheUrlFile() throws Exception {
        assertThat(value(d.exec(SUP, "shutdown"))).isNull();
        assertThat(d.awaitExit()).isZero();
        assertThat(d.dir.resolve("tm.pid.url")).doesNotExist();
        assertThat(d.children()).isEmpty();
    }
}
