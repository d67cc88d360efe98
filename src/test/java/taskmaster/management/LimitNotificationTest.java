package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineEvent.LimitExceeded.Limit;
import taskmaster.mbeans.LimitExceeded;
import taskmaster.mbeans.ObjectNames;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Signal;

/** A restart for a usage limit is a taskmaster.process.limit notification on the process's bean and the Supervisor's. */
class LimitNotificationTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final BeanRegistry registry = new BeanRegistry(server, new Ops(null, () -> null), null);
    private final List<Notification> onProcess = new CopyOnWriteArrayList<>();
    private final List<Notification> onSupervisor = new CopyOnWriteArrayList<>();

    LimitNotificationTest() throws Exception {
        ProcessSpec web = new ProcessSpec(
                "web",
                "web",
                "web",
                0,
                "sleep 1",
                List.of("sleep", "1"),
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
                true,
                true);
        Configuration config = new Configuration(
                Path.of("/tmp/test.conf"),
                List.of(Path.of("/tmp/test.conf")),
                new DaemonSettings(null, 0, 0, "INFO", null, Path.of("/tmp"), Map.of(), null, null, true),
                List.of(new ProgramSpec("web", "web", 999, List.of(web), "test:1")),
                List.of());
        registry.sync(config);
        registry.supervisorEmitter().addNotificationListener((n, h) -> onSupervisor.add(n), null, null);
        server.addNotificationListener(ObjectNames.process("web", "web"), (n, h) -> onProcess.add(n), null, null);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aMemoryLimitRestartIsANotificationWithWhatWasOverWhat() {
        long mb = 1 << 20;
        registry.onEvent(new EngineEvent.LimitExceeded("web", 4242, Limit.MEMORY, 612 * mb, 512 * mb, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> onProcess.size() == 1 && onSupervisor.size() == 1);
        for (Notification n : List.of(onProcess.getFirst(), onSupervisor.getFirst())) {
            assertThat(n.getType()).isEqualTo("taskmaster.process.limit").isEqualTo(BeanRegistry.LIMIT);
            assertThat(n.getMessage())
                    .isEqualTo("web: restarted, RSS 612 MB over memory_limit 512 MB for 3 samples in a row");
            CompositeData d = (CompositeData) n.getUserData();
            assertThat(d.getCompositeType().getTypeName()).isEqualTo(LimitExceeded.TYPE);
            assertThat(d.get(LimitExceeded.PROCESS)).isEqualTo("web");
            assertThat(d.get(LimitExceeded.PID)).isEqualTo(4242L);
            assertThat(d.get(LimitExceeded.KIND)).isEqualTo("memory");
            assertThat(d.get(LimitExceeded.VALUE)).isEqualTo(612.0 * mb);
            assertThat(d.get(LimitExceeded.LIMIT)).isEqualTo(512.0 * mb);
            assertThat(d.get(LimitExceeded.SAMPLES)).isEqualTo(3);
            assertThat((Long) d.get(LimitExceeded.TIME)).isPositive();
        }
        assertThat(onProcess.getFirst().getSource()).isEqualTo(ObjectNames.process("web", "web"));
        assertThat(onSupervisor.getFirst().getSource()).isEqualTo(ObjectNames.SUPERVISOR);
    }

    @Test
    void aCpuLimitRestartSaysCpu() {
        registry.onEvent(new EngineEvent.LimitExceeded("web", 4242, Limit.CPU, 180, 90, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> onSupervisor.size() == 1);
        Notification n = onSupervisor.getFirst();
        assertThat(n.getMessage()).isEqualTo("web: restarted, CPU 180% over cpu_limit 90% for 2 samples in a row");
        assertThat(((CompositeData) n.getUserData()).get(LimitExceeded.KIND)).isEqualTo("cpu");
    }

    @Test
    void theBeansDeclareIt() throws Exception {
        for (var on : List.of(ObjectNames.process("web", "web"), ObjectNames.SUPERVISOR)) {
            if (!server.isRegistered(on)) {
                continue; // the Supervisor bean is registered by Management, not the registry
            }
            assertThat(server.getMBeanInfo(on).getNotifications())
                    .flatExtracting(i -> List.of(i.getNotifTypes()))
                    .contains(LimitExceeded.NOTIFICATION);
        }
        assertThat(registry.supervisorEmitter().getNotificationInfo())
                .flatExtracting(i -> List.of(i.getNotifTypes()))
                .contains(LimitExceeded.NOTIFICATION);
    }
}
