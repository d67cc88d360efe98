package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ProgramMXBean;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.mbeans.SupervisorState;
import taskmaster.model.Configuration;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.Procs;

/**
 * The resource attributes through the real front doors, Jolokia over HTTP and the RMI connector
 * with a read-only user, of a management plane in this JVM whose samples the test gives (real
 * children, real pids, figures by hand): what the policy allows them to read, and that it still
 * refuses what is outside its list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceReadsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final String tag = UUID.randomUUID().toString();
    private final Management management = new Management();
    private final FakeUsages fake = new FakeUsages();
    private final JolokiaHttp jolokia = new JolokiaHttp().as("ops", "ops-pw");
    private ThreadLoop loop;
    private PosixSpawnLauncher launcher;
    private Engine engine;

    /** Nothing but the state: these tests read. */
    private static final Control READ_ONLY = new Control() {
        @Override
        public SupervisorState state() {
            return SupervisorState.RUNNING;
        }

        @Override
        public ReloadResult reload() {
            throw new AssertionError("not asked");
        }

        @Override
        public ReloadResult update(java.util.Set<String> names) {
            throw new AssertionError("not asked");
        }

        @Override
        public ReloadResult addGroup(String name) {
            throw new AssertionError("not asked");
        }

        @Override
        public ReloadResult removeGroup(String name) {
            throw new AssertionError("not asked");
        }

        @Override
        public void sendRemoteCommEvent(String type, String data) {
            throw new AssertionError("not asked");
        }

        @Override
        public List<taskmaster.mbeans.Result> scale(String program, int numprocs) {
            throw new AssertionError("not asked");
        }

        @Override
        public List<taskmaster.mbeans.Result> forget(String names) {
            throw new AssertionError("not asked");
        }

        @Override
        public ReloadResult reread() {
            throw new AssertionError("not asked");
        }

        @Override
        public void shutdown() {
            throw new AssertionError("not asked");
        }
    };

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("taskmaster.conf");
        Files.writeString(conf, """
            [taskmasterd]
            logfile = %s
            environment = TM_TEST_TAG=%s
            jolokia_port = 0
            jolokia_user = ops
            jolokia_password = ops-pw
            jmx_port = 0
            jmx_users = ro:ro-pw:readonly

            [program:web]
            command = /bin/sleep 100000
            process_name = web_%%(process_num)d
            numprocs = 2
            startsecs = 0

            [program:idle]
            command = /bin/sleep 100000
            autostart = false
            """.formatted(dir.resolve("main.log"), tag));
        Configuration config = new ConfigLoader().load(conf);
        loop = new ThreadLoop("resource-reads");
        launcher = new PosixSpawnLauncher();
        engine = new Engine(loop, launcher, management.listener());
        management.usages(fake);
        management.start(engine, READ_ONLY, launcher::output, config, "test", 0, null);
        management.prepare(phase -> {});
        engine.reload(config).get(30, TimeUnit.SECONDS);
        management.open();
        jolokia.url = management.jolokiaUrl();
        await().atMost(BOUND)
                .until(() -> List.of("web_0", "web_1").stream()
                        .allMatch(n -> engine.process(n)
                                .map(s -> s.state() == ProcessState.RUNNING)
                                .orElse(false)));
        fake.put(FakeUsages.sample("web_0", pid("web_0"), 1))
                .put(FakeUsages.sample("web_1", pid("web_1"), 2))
                .put(new taskmaster.resources.ProcessUsage("idle", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 77, 5));
        fake.daemon = FakeUsages.sample("taskmasterd", ProcessHandle.current().pid(), 50);
        fake.interval = 5;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            management.stop();
            if (engine != null) {
                engine.shutdown().get(60, TimeUnit.SECONDS);
                launcher.close();
                loop.close();
            }
        } finally {
            Procs.killAll("TM_TEST_TAG", tag);
        }
    }

    /** A JSON number with a fraction, as the double the bean returned. */
    private static double real(Object jsonNumber) {
        return ((Number) jsonNumber).doubleValue();
    }

    private long pid(String name) {
        return engine.process(name).map(ProcessSnapshot::pid).orElseThrow();
    }

    @Test
    void jolokiaReadsTheFiguresOfEveryProcessByPattern() {
        JSONObject answer = jolokia.get("/read/taskmaster:type=Process,*/MemoryRss");
        assertThat(answer.get("status")).isEqualTo(200L);
        Map<?, ?> byBean = (Map<?, ?>) answer.get("value");
        assertThat(byBean).hasSize(3);
        assertThat(((Map<?, ?>) byBean.get(ObjectNames.processName("web", "web_0"))).get("MemoryRss"))
                .isEqualTo(1_000_000L);
        assertThat(((Map<?, ?>) byBean.get(ObjectNames.processName("web", "web_1"))).get("MemoryRss"))
                .isEqualTo(2_000_000L);
        assertThat(((Map<?, ?>) byBean.get(ObjectNames.processName("idle", "idle"))).get("MemoryRss"))
                .isEqualTo(0L);
    }

    @Test
    void jolokiaReadsSumsTotalsTheDaemonAndResourcesInOneBulkRequest() {
        JSONArray answers = jolokia.postBulk(List.of(
                Map.of(
                        "type",
                        "read",
                        "mbean",
                        ObjectNames.programName("web"),
                        "attribute",
                        List.of("CpuUserSeconds", "CpuPercent", "MemoryRss", "ProcessCount", "StdoutBytes")),
                Map.of(
                        "type",
                        "read",
                        "mbean",
                        ObjectNames.SUPERVISOR_NAME,
                        "attribute",
                        List.of("MemoryRss", "StdoutBytes", "DaemonMemoryRss", "DaemonCpuSeconds", "SampleInterval")),
                Map.of("type", "read", "mbean", ObjectNames.SUPERVISOR_NAME, "attribute", "Resources")));
        assertThat(answers)
                .allSatisfy(a -> assertThat(((JSONObject) a).get("status")).isEqualTo(200L));
        Map<?, ?> web = (Map<?, ?>) JolokiaHttp.value((JSONObject) answers.get(0));
        assertThat(real(web.get("CpuUserSeconds"))).isEqualTo(4.0);
        assertThat(real(web.get("CpuPercent"))).isEqualTo(30.0);
        assertThat(web.get("MemoryRss")).isEqualTo(3_000_000L);
        assertThat(web.get("ProcessCount")).isEqualTo(3L);
        assertThat(web.get("StdoutBytes")).isEqualTo(300L);
        Map<?, ?> sup = (Map<?, ?>) JolokiaHttp.value((JSONObject) answers.get(1));
        assertThat(sup.get("MemoryRss")).isEqualTo(3_000_000L);
        assertThat(sup.get("StdoutBytes")).isEqualTo(377L);
        assertThat(sup.get("DaemonMemoryRss")).isEqualTo(50_000_000L);
        assertThat(real(sup.get("DaemonCpuSeconds"))).isEqualTo(100.75);
        assertThat(sup.get("SampleInterval")).isEqualTo(5L);
        List<?> rows = (List<?>) JolokiaHttp.value((JSONObject) answers.get(2));
        assertThat(rows.stream().map(r -> (Object) ((Map<?, ?>) r).get("name")).toList())
                .containsExactly("idle", "web_0", "web_1");
        Map<?, ?> web1 = (Map<?, ?>) rows.get(2);
        assertThat(web1.get("program")).isEqualTo("web");
        assertThat(web1.get("pid")).isEqualTo(pid("web_1"));
        assertThat(web1.get("memoryRss")).isEqualTo(2_000_000L);
        assertThat(real(web1.get("cpuPercent"))).isEqualTo(20.0);
    }

    @Test
    void jolokiaStillRefusesWhatThePolicyDoesNotList() {
        JSONObject other = jolokia.postOne(
                Map.of("type", "read", "mbean", "java.lang:type=ClassLoading", "attribute", "LoadedClassCount"));
        assertThat(other.get("status")).isEqualTo(403L);
    }

    @Test
    void aReadOnlyRmiUserReadsTheFiguresAndMayStillDoNothingElse() throws Exception {
        try (JMXConnector ro = RmiAllowListTest.connect(management.jmxUrl(), "ro", "ro-pw")) {
            MBeanServerConnection c = ro.getMBeanServerConnection();
            ProcessMXBean web0 = JMX.newMXBeanProxy(c, ObjectNames.process("web", "web_0"), ProcessMXBean.class);
            assertThat(web0.getMemoryRss()).isEqualTo(1_000_000L);
            assertThat(web0.getCpuPercent()).isEqualTo(10.0);
            assertThat(web0.getSampledAt()).isEqualTo(1_790_000_000_001L);
            ProgramMXBean web = JMX.newMXBeanProxy(c, ObjectNames.program("web"), ProgramMXBean.class);
            assertThat(web.getThreads()).isEqualTo(5);
            SupervisorMXBean sup = JMX.newMXBeanProxy(c, ObjectNames.SUPERVISOR, SupervisorMXBean.class);
            assertThat(sup.getDaemonThreads()).isEqualTo(51);
            List<ResourceInfo> rows = sup.getResources();
            assertThat(rows).extracting(ResourceInfo::name).containsExactly("idle", "web_0", "web_1");
            assertThat(rows.getFirst())
                    .isEqualTo(new ResourceInfo("idle", "idle", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 77, 5));
            assertThat(c.getAttribute(ObjectNames.process("web", "web_1"), "IoWriteBytes"))
                    .isEqualTo(2 * 8192L);

            assertThatThrownBy(web0::stop).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> c.getAttribute(new ObjectName("java.lang:type=ClassLoading"), "LoadedClassCount"))
                    .isInstanceOf(SecurityException.class);
            assertThat(engine.process("web_0").orElseThrow().state()).isEqualTo(ProcessState.RUNNING);
        }
    }

    @Test
    void samplesHandedToManagementAfterItStartedAreTheOnesRead() {
        FakeUsages later = new FakeUsages().put(FakeUsages.sample("web_0", pid("web_0"), 7));
        management.usages(later);
        try {
            assertThat(jolokia.read(ObjectNames.processName("web", "web_0"), "MemoryRss"))
                    .isEqualTo(7_000_000L);
            assertThat(jolokia.read(ObjectNames.processName("web", "web_1"), "MemoryRss"))
                    .isEqualTo(0L);
        } finally {
            management.usages(fake);
        }
        assertThat(jolokia.read(ObjectNames.processName("web", "web_1"), "MemoryRss"))
                .isEqualTo(2_000_000L);
    }
}
