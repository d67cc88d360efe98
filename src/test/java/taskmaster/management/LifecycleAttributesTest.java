package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.management.AttributeChangeNotification;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.HealthStatus;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.HealthChange;
import taskmaster.mbeans.HealthFlags;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.AutoRestart;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * The lifecycle's state as the contract shows it, from hand-made snapshots: the Process bean's
 * attributes and ProcessInfo's fields (health, its last check, where the wanted state comes from,
 * the dependencies waited for, the status text), valid MXBean open types with a description each,
 * the Health notifications, and the XML-RPC description.
 */
class LifecycleAttributesTest {

    private static final long CHECKED = 1_790_000_123_000L;
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    static ProcessSnapshot snapshot(
            ProcessState state, WantedSource source, HealthStatus health, String statusText, List<String> waiting) {
        return new ProcessSnapshot(
                "web",
                "web",
                "web",
                state,
                state.isSignallable() ? 4242 : 0,
                1_000,
                0,
                0,
                null,
                2,
                "",
                true,
                source,
                health,
                statusText,
                waiting);
    }

    static ProcessBean bean(ProcessSnapshot s) {
        ProcessInfo info = Ops.info(s, 62_000, ZoneOffset.UTC);
        return new ProcessBean(null, s.name(), s.program(), s.group(), () -> Optional.of(info));
    }

    @ParameterizedTest
    @EnumSource(Health.class)
    void everyHealthValueIsTheAttributeAndExactlyOneFlag(Health h) {
        HealthStatus status = new HealthStatus(h, CHECKED, h == Health.HEALTHY, "HTTP 503", 3);
        ProcessBean b = bean(snapshot(ProcessState.RUNNING, WantedSource.CONFIG, status, "", List.of()));
        assertThat(b.getHealth()).isEqualTo(h);
        assertThat(b.getHealthCheckedAt()).isEqualTo(CHECKED);
        assertThat(b.isHealthOk()).isEqualTo(h == Health.HEALTHY);
        assertThat(b.getHealthMessage()).isEqualTo("HTTP 503");
        assertThat(b.getHealthFailures()).isEqualTo(3);
        HealthFlags flags = b.getHealthFlags();
        Map<Health, Boolean> byValue = Map.of(
                Health.HEALTHY, flags.HEALTHY(),
                Health.UNHEALTHY, flags.UNHEALTHY(),
                Health.UNKNOWN, flags.UNKNOWN(),
                Health.NONE, flags.NONE());
        assertThat(byValue).containsEntry(h, true);
        assertThat(byValue.values().stream().filter(v -> v).count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(WantedSource.class)
    void everyWantedSourceIsTheAttribute(WantedSource source) {
        ProcessBean b = bean(snapshot(ProcessState.STOPPED, source, HealthStatus.NONE, "", List.of()));
        assertThat(b.getWantedSource()).isEqualTo(source);
        assertThat(b.isWanted()).isTrue();
    }

    @Test
    void aWaitingProcessNamesItsDependenciesInWaitingForAndDescription() {
        ProcessBean b = bean(
                snapshot(ProcessState.STOPPED, WantedSource.CONFIG, HealthStatus.NONE, "", List.of("db", "cache")));
        assertThat(b.getWaitingFor()).isEqualTo("db,cache");
        assertThat(b.getDescription()).isEqualTo("waiting for db, cache");
        ProcessBean one =
                bean(snapshot(ProcessState.STOPPED, WantedSource.CONFIG, HealthStatus.NONE, "", List.of("db")));
        assertThat(one.getDescription()).isEqualTo("waiting for db");
        ProcessBean none = bean(snapshot(ProcessState.STOPPED, WantedSource.CONFIG, HealthStatus.NONE, "", List.of()));
        assertThat(none.getWaitingFor()).isEmpty();
        assertThat(none.getDescription()).isEqualTo("Not started");
    }

    @Test
    void theStatusTextIsAnAttributeAndFollowsThePidAndUptime() {
        ProcessBean b = bean(
                snapshot(ProcessState.RUNNING, WantedSource.CONFIG, HealthStatus.NONE, "serving 3 clients", List.of()));
        assertThat(b.getStatusText()).isEqualTo("serving 3 clients");
        assertThat(b.getDescription()).isEqualTo("pid 4242, uptime 0:01:02, serving 3 clients");
    }

    @Test
    void processInfoCarriesEveryLifecycleField() {
        HealthStatus status = new HealthStatus(Health.UNKNOWN, CHECKED, false, "connection refused", 1);
        ProcessInfo i = Ops.info(
                snapshot(ProcessState.RUNNING, WantedSource.PERSISTED, status, "warming up", List.of()),
                5_000,
                ZoneOffset.UTC);
        assertThat(i.wantedSource()).isEqualTo(WantedSource.PERSISTED);
        assertThat(i.health()).isEqualTo(Health.UNKNOWN);
        assertThat(i.healthCheckedAt()).isEqualTo(CHECKED);
        assertThat(i.healthOk()).isFalse();
        assertThat(i.healthMessage()).isEqualTo("connection refused");
        assertThat(i.healthFailures()).isEqualTo(1);
        assertThat(i.waitingFor()).isEmpty();
        assertThat(i.statusText()).isEqualTo("warming up");
        assertThat(i.description()).isEqualTo("pid 4242, uptime 0:00:05, warming up");
        ProcessInfo fresh = ProcessInfo.notStarted("web", "web", "web", true);
        assertThat(fresh.health()).isEqualTo(Health.NONE);
        assertThat(fresh.wantedSource()).isEqualTo(WantedSource.CONFIG);
        assertThat(fresh.waitingFor()).isEmpty();
        assertThat(fresh.wanted()).isTrue();
    }

    @Test
    void theNewAttributesAreOpenTypesWithADescriptionEach() throws Exception {
        HealthStatus status = new HealthStatus(Health.UNHEALTHY, CHECKED, false, "HTTP 503", 3);
        ProcessBean b = bean(snapshot(ProcessState.RUNNING, WantedSource.OPERATOR, status, "busy", List.of()));
        ObjectName on = ObjectNames.process("web", "web");
        server.registerMBean(new DescribedMBean<>(b, ProcessMXBean.class, new NotificationBroadcasterSupport()), on);
        assertThat(server.getAttribute(on, "Health")).isEqualTo("UNHEALTHY");
        assertThat(server.getAttribute(on, "WantedSource")).isEqualTo("OPERATOR");
        assertThat(server.getAttribute(on, "HealthCheckedAt")).isEqualTo(CHECKED);
        assertThat(server.getAttribute(on, "HealthOk")).isEqualTo(false);
        assertThat(server.getAttribute(on, "HealthMessage")).isEqualTo("HTTP 503");
        assertThat(server.getAttribute(on, "HealthFailures")).isEqualTo(3);
        assertThat(server.getAttribute(on, "WaitingFor")).isEqualTo("");
        assertThat(server.getAttribute(on, "StatusText")).isEqualTo("busy");
        CompositeData flags = (CompositeData) server.getAttribute(on, "HealthFlags");
        assertThat(flags.getCompositeType().keySet())
                .containsExactlyInAnyOrder("HEALTHY", "UNHEALTHY", "UNKNOWN", "NONE");
        assertThat(flags.get("UNHEALTHY")).isEqualTo(true);
        assertThat(flags.get("HEALTHY")).isEqualTo(false);
        Map<String, String> described = Arrays.stream(server.getMBeanInfo(on).getAttributes())
                .collect(Collectors.toMap(MBeanAttributeInfo::getName, MBeanAttributeInfo::getDescription));
        for (String a : List.of(
                "Health",
                "HealthFlags",
                "HealthCheckedAt",
                "HealthOk",
                "HealthMessage",
                "HealthFailures",
                "WantedSource",
                "WaitingFor",
                "StatusText")) {
            assertThat(described.get(a)).as(a).isNotBlank().isNotEqualTo(a);
        }
    }

    /** What JConsole's tab does: a proxy rebuilds ProcessInfo, the new fields included, from CompositeData. */
    public interface ListMXBean {
        List<ProcessInfo> getProcesses();
    }

    @Test
    void processInfoSurvivesAnMxBeanProxy() throws Exception {
        HealthStatus status = new HealthStatus(Health.HEALTHY, CHECKED, true, "HTTP 200", 0);
        ProcessInfo info = Ops.info(
                snapshot(ProcessState.STOPPED, WantedSource.OPERATOR, status, "", List.of("db")), 0, ZoneOffset.UTC);
        ObjectName on = new ObjectName("test:type=List");
        server.registerMBean(new StandardMBean((ListMXBean) () -> List.of(info), ListMXBean.class, true), on);
        List<ProcessInfo> back =
                JMX.newMXBeanProxy(server, on, ListMXBean.class).getProcesses();
        assertThat(back).containsExactly(info);
        assertThat(back.getFirst().waitingFor()).isEqualTo("db");
    }

    @Test
    void aHealthChangeIsAnAttributeChangeOnTheProcessAndTheSupervisor() throws Exception {
        BeanRegistry registry = new BeanRegistry(server, null, null);
        List<AttributeChangeNotification> seen = new CopyOnWriteArrayList<>();
        registry.supervisorEmitter()
                .addNotificationListener((n, h) -> seen.add((AttributeChangeNotification) n), null, null);
        HealthStatus status = new HealthStatus(Health.UNHEALTHY, CHECKED, false, "HTTP 503", 3);
        registry.onEvent(new EngineEvent.HealthChanged(
                Health.HEALTHY,
                Health.UNHEALTHY,
                snapshot(ProcessState.RUNNING, WantedSource.CONFIG, status, "", List.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        AttributeChangeNotification n = seen.getFirst();
        assertThat(n.getAttributeName()).isEqualTo("Health");
        assertThat(n.getOldValue()).isEqualTo("HEALTHY");
        assertThat(n.getNewValue()).isEqualTo("UNHEALTHY");
        assertThat(n.getSource()).isEqualTo(ObjectNames.SUPERVISOR);
        CompositeData d = (CompositeData) n.getUserData();
        assertThat(d.getCompositeType().getTypeName()).isEqualTo(HealthChange.TYPE);
        assertThat(d.getCompositeType().keySet()).containsExactlyInAnyOrderElementsOf(HealthChange.ITEMS);
        assertThat(d.get(HealthChange.PROCESS)).isEqualTo("web");
        assertThat(d.get(HealthChange.OLD_HEALTH)).isEqualTo("HEALTHY");
        assertThat(d.get(HealthChange.NEW_HEALTH)).isEqualTo("UNHEALTHY");
        assertThat(d.get(HealthChange.MESSAGE)).isEqualTo("HTTP 503");
        assertThat(d.get(HealthChange.FAILURES)).isEqualTo(3);
        registry.close();
    }

    @Test
    void theXmlRpcDescriptionCarriesTheWaitAndTheStatusText() {
        ProcessSpec spec = spec();
        ProcessSnapshot waiting = new ProcessSnapshot(
                "web",
                "web",
                "web",
                ProcessState.STOPPED,
                0,
                0,
                0,
                0,
                null,
                0,
                "",
                true,
                WantedSource.CONFIG,
                HealthStatus.NONE,
                "",
                List.of("db", "cache"));
        assertThat(RpcStructs.processInfo(spec, waiting, 10_000, ZoneOffset.UTC).get("description"))
                .isEqualTo("waiting for db, cache");
        // one that ran before: supervisord's stop time, then the wait
        ProcessSnapshot ranBefore =
                snapshot(ProcessState.STOPPED, WantedSource.CONFIG, HealthStatus.NONE, "", List.of("db"));
        assertThat(RpcStructs.processInfo(spec, ranBefore, 10_000, ZoneOffset.UTC)
                        .get("description"))
                .isEqualTo("Jan 01 12:00 AM, waiting for db");
        ProcessSnapshot running =
                snapshot(ProcessState.RUNNING, WantedSource.CONFIG, HealthStatus.NONE, "serving", List.of());
        assertThat(RpcStructs.processInfo(spec, running, 63_000, ZoneOffset.UTC).get("description"))
                .isEqualTo("pid 4242, uptime 0:01:02, serving");
        ProcessSnapshot plain = snapshot(ProcessState.RUNNING, WantedSource.CONFIG, HealthStatus.NONE, "", List.of());
        assertThat(RpcStructs.processInfo(spec, plain, 63_000, ZoneOffset.UTC).get("description"))
                .isEqualTo("pid 4242, uptime 0:01:02");
        assertThat(RpcStructs.processInfo(spec, null, 63_000, ZoneOffset.UTC).get("description"))
                .isEqualTo("Not started");
    }

    private static ProcessSpec spec() {
        return new ProcessSpec(
                "web",
                "web",
                "web",
                0,
                "/bin/true",
                List.of("/bin/true"),
                Map.of(),
                null,
                null,
                null,
                Output.DISCARD,
                Output.DISCARD,
                false,
                999,
                true,
                AutoRestart.UNEXPECTED,
                Set.of(0),
                3,
                1,
                Signal.TERM,
                10,
                false,
                false);
    }
}
