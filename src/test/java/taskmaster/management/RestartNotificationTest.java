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
import javax.management.NotificationListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.mbeans.ObjectNames;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Signal;

/** A restart for failed health checks or a silent watchdog is a notification on the process's bean and the Supervisor's. */
class RestartNotificationTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final BeanRegistry registry = new BeanRegistry(server, new Ops(null, () -> null), null);
    private final List<Notification> onProcess = new CopyOnWriteArrayList<>();
    private final List<Notification> onSupervisor = new CopyOnWriteArrayList<>();

    RestartNotificationTest() throws Exception {
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
        server.addNotificationListener(ObjectNames.process("web", "web"), processListener, null, null);
    }

    private final NotificationListener processListener = (n, h) -> onProcess.add(n);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void anUnhealthyRestartIsANotification() {
        registry.onEvent(new EngineEvent.Unhealthy("web", 1234, 3, "HTTP 503"));
        await().atMost(Duration.ofSeconds(10)).until(() -> onProcess.size() == 1 && onSupervisor.size() == 1);
        for (Notification n : List.of(onProcess.getFirst(), onSupervisor.getFirst())) {
            assertThat(n.getType()).isEqualTo(BeanRegistry.UNHEALTHY);
            assertThat(n.getMessage())
                    .isEqualTo("web: restarted after 3 failed health checks in a row (last: HTTP 503)");
            assertThat(n.getUserData()).isEqualTo("web");
        }
        assertThat(onProcess.getFirst().getSource()).isEqualTo(ObjectNames.process("web", "web"));
    }

    @Test
    void aWatchdogRestartIsANotification() {
        registry.onEvent(new EngineEvent.WatchdogExpired("web", 1234, 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> onProcess.size() == 1 && onSupervisor.size() == 1);
        assertThat(onSupervisor.getFirst().getType()).isEqualTo(BeanRegistry.WATCHDOG);
        assertThat(onSupervisor.getFirst().getMessage()).isEqualTo("web: restarted, no WATCHDOG=1 for 20 s (watchdog)");
    }

    @Test
    void theBeansDeclareTheNotifications() throws Exception {
        var info = server.getMBeanInfo(ObjectNames.process("web", "web")).getNotifications();
        assertThat(info)
                .flatExtracting(i -> List.of(i.getNotifTypes()))
                .contains(BeanRegistry.UNHEALTHY, BeanRegistry.WATCHDOG);
    }

    /**
     * A bean nobody listens to gets no notification built; it still takes its number, so the
     * numbers a listener sees keep one order with the notifications nobody heard.
     */
    @Test
    void aBeanWithoutListenersTakesItsNumberAndNothingIsSentToIt() throws Exception {
        server.removeNotificationListener(ObjectNames.process("web", "web"), processListener);
        registry.onEvent(new EngineEvent.WatchdogExpired("web", 1234, 20));
        registry.onEvent(new EngineEvent.WatchdogExpired("web", 1234, 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> onSupervisor.size() == 2);
        long first = onSupervisor.get(0).getSequenceNumber();
        assertThat(onSupervisor.get(1).getSequenceNumber()).isEqualTo(first + 2); // the process bean's own, unsent

        server.addNotificationListener(ObjectNames.process("web", "web"), processListener, null, null);
        registry.onEvent(new EngineEvent.WatchdogExpired("web", 1234, 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> onSupervisor.size() == 3 && onProcess.size() == 1);
        assertThat(onProcess.getFirst().getSequenceNumber()).isEqualTo(first + 3);
        assertThat(onSupervisor.get(2).getSequenceNumber()).isEqualTo(first + 4);
        assertThat(onProcess).hasSize(1);
    }
}
