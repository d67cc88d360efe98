package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.model.Configuration;
import taskmaster.resources.ProcessUsage;
import taskmaster.resources.Usages;

/**
 * The resource attributes of the Process, Program and Supervisor beans, read through an MBean
 * server from a real engine whose launcher spawns nothing, with the samples given by hand: a
 * process's own figures, zeros when it does not run, sums per program and over every process,
 * the daemon's own figures, the Resources list, and what a thousand processes cost to read.
 */
class ResourceBeansTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final PretendLauncher launcher = new PretendLauncher();
    private ThreadLoop loop;
    private Engine engine;
    private BeanRegistry registry;
    /** What the beans read; a test may replace it, as the daemon may after the beans are registered. */
    private volatile Usages usages;

    private final FakeUsages fake = new FakeUsages();

    private void run(String programs) throws Exception {
        Path conf = dir.resolve("taskmaster.conf");
        Files.writeString(conf, "[taskmasterd]\nlogfile = " + dir.resolve("main.log") + "\n\n" + programs);
        Configuration config = new ConfigLoader().load(conf);
        loop = new ThreadLoop("resources-test");
        engine = new Engine(loop, launcher, e -> {});
        engine.reload(config).get(30, TimeUnit.SECONDS);
        usages = fake;
        Ops ops = new Ops(engine, () -> null, () -> usages);
        registry = new BeanRegistry(server, ops, null);
        registry.sync(config);
        server.registerMBean(
                new DescribedMBean<>(
                        new SupervisorBean(ops, null, "test", 0, conf),
                        SupervisorMXBean.class,
                        new NotificationBroadcasterSupport()),
                ObjectNames.SUPERVISOR);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.shutdown().get(60, TimeUnit.SECONDS);
            loop.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static final String PROGRAMS = """
        [program:web]
        command = /bin/sleep 100000
        process_name = web_%(process_num)d
        numprocs = 2
        startsecs = 0

        [program:db]
        command = /bin/sleep 100000
        startsecs = 0

        [program:idle]
        command = /bin/sleep 100000
        autostart = false
        """;

    private void awaitRunning(String... names) {
        await().atMost(BOUND).until(() -> Arrays.stream(names)
                .allMatch(n -> engine.process(n)
                        .map(s -> s.state() == ProcessState.RUNNING)
                        .orElse(false)));
    }

    private long pid(String name) {
        return engine.process(name).map(ProcessSnapshot::pid).orElseThrow();
    }

    /** web_0, web_1 and db running with the figures of 1, 2 and 4; idle stopped with output counted before. */
    private void sampled() throws Exception {
        run(PROGRAMS);
        awaitRunning("web_0", "web_1", "db");
        fake.put(FakeUsages.sample("web_0", pid("web_0"), 1))
                .put(FakeUsages.sample("web_1", pid("web_1"), 2))
                .put(FakeUsages.sample("db", pid("db"), 4))
                .put(new ProcessUsage("idle", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 77, 5));
    }

    private Map<String, Object> read(ObjectName on, String... attributes) throws Exception {
        return server.getAttributes(on, attributes).asList().stream()
                .collect(Collectors.toMap(Attribute::getName, Attribute::getValue));
    }

    private static final String[] FIGURES = ResourceContractTest.FIGURES.toArray(String[]::new);

    @Test
    void aProcessBeanShowsItsOwnLastSample() throws Exception {
        sampled();
        Map<String, Object> web0 = read(ObjectNames.process("web", "web_0"), FIGURES);
        assertThat(web0)
                .containsEntry("CpuUserSeconds", 1.5)
                .containsEntry("CpuSystemSeconds", 1.25)
                .containsEntry("CpuPercent", 10.0)
                .containsEntry("MemoryRss", 1_000_000L)
                .containsEntry("MemoryPss", 900_000L)
                .containsEntry("Threads", 2)
                .containsEntry("OpenFiles", 4)
                .containsEntry("IoReadBytes", 4096L)
                .containsEntry("IoWriteBytes", 8192L)
                .containsEntry("ProcessCount", 1)
                .containsEntry("StdoutBytes", 100L)
                .containsEntry("StderrBytes", 10L);
        assertThat(server.getAttribute(ObjectNames.process("web", "web_0"), "SampledAt"))
                .isEqualTo(1_790_000_000_001L);
        assertThat(server.getAttribute(ObjectNames.process("db", "db"), "MemoryRss"))
                .isEqualTo(4_000_000L);
    }

    @Test
    void aProcessNotRunningShowsZerosButItsOutputCounts() throws Exception {
        sampled();
        Map<String, Object> idle = read(ObjectNames.process("idle", "idle"), FIGURES);
        assertThat(idle)
                .containsEntry("MemoryRss", 0L)
                .containsEntry("CpuPercent", 0.0)
                .containsEntry("Threads", 0)
                .containsEntry("ProcessCount", 0)
                .containsEntry("StdoutBytes", 77L)
                .containsEntry("StderrBytes", 5L);
        // A sample taken before the process stopped is no longer what it costs.
        assertThat(engine.stop(List.of("db")).get(30, TimeUnit.SECONDS)).allMatch(o -> o.ok());
        Map<String, Object> db = read(ObjectNames.process("db", "db"), FIGURES);
        assertThat(db)
                .containsEntry("MemoryRss", 0L)
                .containsEntry("CpuUserSeconds", 0.0)
                .containsEntry("OpenFiles", 0)
                .containsEntry("StdoutBytes", 400L);
        assertThat(server.getAttribute(ObjectNames.process("db", "db"), "SampledAt"))
                .isEqualTo(0L);
    }

    @Test
    void aSampleOfAnEarlierRunIsNotShownForTheNewOne() throws Exception {
        sampled();
        fake.put(FakeUsages.sample("web_0", pid("web_0") + 1, 1));
        Map<String, Object> web0 = read(ObjectNames.process("web", "web_0"), FIGURES);
        assertThat(web0)
                .containsEntry("MemoryRss", 0L)
                .containsEntry("Threads", 0)
                .containsEntry("StdoutBytes", 100L);
        assertThat(server.getAttribute(ObjectNames.process("web", "web_0"), "SampledAt"))
                .isEqualTo(0L);
    }

    @Test
    void aProgramBeanSumsItsProcesses() throws Exception {
        sampled();
        assertThat(read(ObjectNames.program("web"), FIGURES))
                .containsEntry("CpuUserSeconds", 4.0)
                .containsEntry("CpuSystemSeconds", 3.5)
                .containsEntry("CpuPercent", 30.0)
                .containsEntry("MemoryRss", 3_000_000L)
                .containsEntry("MemoryPss", 2_700_000L)
                .containsEntry("Threads", 5)
                .containsEntry("OpenFiles", 9)
                .containsEntry("IoReadBytes", 12_288L)
                .containsEntry("IoWriteBytes", 24_576L)
                .containsEntry("ProcessCount", 3)
                .containsEntry("StdoutBytes", 300L)
                .containsEntry("StderrBytes", 30L);
        assertThat(read(ObjectNames.program("idle"), FIGURES))
                .containsEntry("MemoryRss", 0L)
                .containsEntry("ProcessCount", 0)
                .containsEntry("StdoutBytes", 77L);
    }

    @Test
    void anUnreadableFigureSumsTheReadableOnesAndIsMinusOneWhenNoneIs() throws Exception {
        sampled();
        ProcessUsage web1 = FakeUsages.sample("web_1", pid("web_1"), 2);
        fake.put(new ProcessUsage(
                "web_1", web1.pid(), web1.sampledAt(), 2.5, 2.25, -1, 2_000_000, -1, 3, -1, -1, -1, 2, 200, 20));
        assertThat(read(ObjectNames.program("web"), FIGURES))
                .containsEntry("CpuPercent", 10.0)
                .containsEntry("MemoryPss", 900_000L)
                .containsEntry("OpenFiles", 4)
                .containsEntry("IoReadBytes", 4096L)
                .containsEntry("MemoryRss", 3_000_000L);
        ProcessUsage web0 = FakeUsages.sample("web_0", pid("web_0"), 1);
        fake.put(new ProcessUsage(
                "web_0", web0.pid(), web0.sampledAt(), 1.5, 1.25, -1, 1_000_000, -1, 2, -1, -1, -1, 1, 100, 10));
        assertThat(read(ObjectNames.program("web"), FIGURES))
                .containsEntry("CpuPercent", -1.0)
                .containsEntry("MemoryPss", -1L)
                .containsEntry("OpenFiles", -1)
                .containsEntry("IoWriteBytes", -1L)
                .containsEntry("MemoryRss", 3_000_000L);
        assertThat(server.getAttribute(ObjectNames.process("web", "web_0"), "OpenFiles"))
                .isEqualTo(-1);
    }

    @Test
    void theSupervisorBeanTotalsEveryProcess() throws Exception {
        sampled();
        assertThat(read(ObjectNames.SUPERVISOR, FIGURES))
                .containsEntry("CpuUserSeconds", 8.5)
                .containsEntry("CpuSystemSeconds", 7.75)
                .containsEntry("CpuPercent", 70.0)
                .containsEntry("MemoryRss", 7_000_000L)
                .containsEntry("MemoryPss", 6_300_000L)
                .containsEntry("Threads", 10)
                .containsEntry("OpenFiles", 16)
                .containsEntry("IoReadBytes", 7 * 4096L)
                .containsEntry("IoWriteBytes", 7 * 8192L)
                .containsEntry("ProcessCount", 7)
                .containsEntry("StdoutBytes", 777L)
                .containsEntry("StderrBytes", 75L);
    }

    @Test
    void theSupervisorBeanShowsTheDaemonsOwnFiguresAndTheInterval() throws Exception {
        sampled();
        long self = ProcessHandle.current().pid();
        fake.daemon = new ProcessUsage("taskmasterd", self, 1, 3.0, 1.5, 12.5, 200_000_000, -1, 40, 25, 0, 0, 1, 0, 0);
        fake.interval = 5;
        assertThat(read(
                        ObjectNames.SUPERVISOR,
                        "DaemonCpuSeconds",
                        "DaemonCpuPercent",
                        "DaemonMemoryRss",
                        "DaemonThreads",
                        "DaemonOpenFiles",
                        "SampleInterval"))
                .containsEntry("DaemonCpuSeconds", 4.5)
                .containsEntry("DaemonCpuPercent", 12.5)
                .containsEntry("DaemonMemoryRss", 200_000_000L)
                .containsEntry("DaemonThreads", 40)
                .containsEntry("DaemonOpenFiles", 25)
                .containsEntry("SampleInterval", 5);
        // The daemon's figures are not in the totals of its programs.
        assertThat(server.getAttribute(ObjectNames.SUPERVISOR, "MemoryRss")).isEqualTo(7_000_000L);
        fake.daemon = new ProcessUsage("taskmasterd", self, 1, 3.0, -1, -1, -1, -1, -1, -1, 0, 0, 1, 0, 0);
        assertThat(read(ObjectNames.SUPERVISOR, "DaemonCpuSeconds", "DaemonCpuPercent", "DaemonMemoryRss"))
                .containsEntry("DaemonCpuSeconds", -1.0)
                .containsEntry("DaemonCpuPercent", -1.0)
                .containsEntry("DaemonMemoryRss", -1L);
    }

    @Test
    void resourcesListEveryProcessByNameWithItsProgram() throws Exception {
        sampled();
        SupervisorMXBean sup = JMX.newMXBeanProxy(server, ObjectNames.SUPERVISOR, SupervisorMXBean.class);
        List<ResourceInfo> rows = sup.getResources();
        assertThat(rows).extracting(ResourceInfo::name).containsExactly("db", "idle", "web_0", "web_1");
        assertThat(rows).extracting(ResourceInfo::program).containsExactly("db", "idle", "web", "web");
        assertThat(rows.get(2))
                .isEqualTo(new ResourceInfo(
                        "web_0",
                        "web",
                        pid("web_0"),
                        1_790_000_000_001L,
                        1.5,
                        1.25,
                        10.0,
                        1_000_000,
                        900_000,
                        2,
                        4,
                        4096,
                        8192,
                        1,
                        100,
                        10));
        assertThat(rows.get(1))
                .isEqualTo(new ResourceInfo("idle", "idle", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 77, 5));
    }

    @Test
    void theSamplesGivenLaterAreTheOnesRead() throws Exception {
        sampled();
        assertThat(server.getAttribute(ObjectNames.process("db", "db"), "MemoryRss"))
                .isEqualTo(4_000_000L);
        usages = new FakeUsages().put(FakeUsages.sample("db", pid("db"), 9));
        assertThat(server.getAttribute(ObjectNames.process("db", "db"), "MemoryRss"))
                .isEqualTo(9_000_000L);
        assertThat(server.getAttribute(ObjectNames.SUPERVISOR, "MemoryRss")).isEqualTo(9_000_000L);
        usages = Usages.none();
        assertThat(read(ObjectNames.process("db", "db"), FIGURES))
                .containsEntry("MemoryRss", 0L)
                .containsEntry("CpuPercent", 0.0)
                .containsEntry("StdoutBytes", 0L);
        assertThat(server.getAttribute(ObjectNames.SUPERVISOR, "SampleInterval")).isEqualTo(0);
    }

    /**
     * A thousand processes: Resources and every Process bean's figures come from the samples only,
     * one look-up per process per read and nothing else, so a read costs no walk of /proc.
     */
    @Test
    void aThousandProcessesAreReadFromTheSamplesAlone() throws Exception {
        run("""
            [program:many]
            command = /bin/sleep 100000
            process_name = many_%(process_num)03d
            numprocs = 1000
            startsecs = 0
            """);
        List<String> names = engine.configuration().processes().stream()
                .map(p -> p.name())
                .toList();
        awaitRunning(names.toArray(String[]::new));
        for (int i = 0; i < names.size(); i++) {
            fake.put(FakeUsages.sample(names.get(i), pid(names.get(i)), i + 1));
        }
        long best = Long.MAX_VALUE;
        CompositeData[] rows = null;
        for (int round = 0; round < 5; round++) {
            fake.ofCalls.set(0);
            long t0 = System.nanoTime();
            rows = (CompositeData[]) server.getAttribute(ObjectNames.SUPERVISOR, "Resources");
            best = Math.min(best, System.nanoTime() - t0);
            assertThat(fake.ofCalls.get()).isEqualTo(1000);
        }
        System.out.printf("Resources of 1000 processes: best of 5 reads %.1f ms%n", best / 1e6);
        assertThat(best).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(rows).hasSize(1000);
        assertThat(Arrays.stream(rows).map(r -> (String) r.get("name")).toList())
                .isSorted()
                .containsExactlyElementsOf(names.stream().sorted().toList());
        assertThat(rows[999].get("memoryRss")).isEqualTo(1000 * 1_000_000L);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("program")).isEqualTo("many"));

        fake.ofCalls.set(0);
        long t0 = System.nanoTime();
        for (String n : names) {
            Map<String, Object> figures = read(ObjectNames.process("many", n), FIGURES);
            assertThat(figures).hasSize(FIGURES.length);
        }
        long all = System.nanoTime() - t0;
        System.out.printf("every figure of 1000 Process beans: %.1f ms%n", all / 1e6);
        assertThat(fake.ofCalls.get()).isEqualTo(1000 * FIGURES.length);
        assertThat(server.getAttribute(ObjectNames.SUPERVISOR, "ProcessCount")).isEqualTo(500_500);
    }
}
