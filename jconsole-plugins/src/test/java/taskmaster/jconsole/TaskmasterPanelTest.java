package taskmaster.jconsole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.tools.jconsole.JConsoleContext;
import com.sun.tools.jconsole.JConsoleContext.ConnectionState;
import java.beans.PropertyChangeListener;
import java.beans.PropertyChangeSupport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.swing.SortOrder;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.testing.TestDaemon;

/**
 * The tab's model and actions, headless, against a real daemon over a real RMI connection. The
 * steps share one daemon and run in order. JConsole's slow refresh tick is never called here, so
 * every change the table shows after an outside change came from a notification.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskmasterPanelTest {

    static final String PROGRAMS = """
        [web]
        cmd = sleep 100000
        starttime = 0
        stoptime = 2
        [worker]
        cmd = sleep 100000
        starttime = 0
        stoptime = 2
        [idle]
        cmd = sleep 100000
        autostart = false
        starttime = 0
        """;

    @TempDir
    static Path dir;

    TestDaemon daemon;
    JMXConnector first;
    JMXConnector second;
    JMXConnector outside;
    SupervisorMXBean supervisor;
    FakeContext context;
    TaskmasterPlugin plugin;
    TaskmasterPanel panel;
    /** Remote calls the panel made on the Swing thread: must stay empty. */
    final List<String> callsOnEdt = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() throws Exception {
        daemon = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx(TestDaemon.JMX_USERS)
                .jvm(List.of("-Xmx128m"))
                .programs(PROGRAMS)
                .start()
                .awaitJmx();
        first = daemon.connect();
        outside = daemon.connect();
        supervisor =
                JMX.newMXBeanProxy(outside.getMBeanServerConnection(), ObjectNames.SUPERVISOR, SupervisorMXBean.class);
        context = new FakeContext(watched(first.getMBeanServerConnection()));
        plugin = new TaskmasterPlugin();
        plugin.setContext(context);
        panel = (TaskmasterPanel) onEdt(() -> plugin.getTabs()).get("Taskmaster");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (plugin != null) {
                plugin.dispose();
            }
            for (JMXConnector c : new JMXConnector[] {first, second, outside}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // closed by the test
                    }
                }
            }
        } finally {
            daemon.close();
        }
        assertThat(daemon.children()).isEmpty();
    }

    @Test
    @Order(1)
    void listsEveryProcessWithItsState() {
        awaitRow("web", ProcessState.RUNNING);
        awaitRow("worker", ProcessState.RUNNING);
        awaitRow("idle", ProcessState.STOPPED);
        ProcessInfo web = onEdt(() -> row("web"));
        assertThat(web.pid()).isPositive();
        assertThat(web.program()).isEqualTo("web");
        assertThat(onEdt(() -> panel.model().getValueAt(index("web"), ProcessTableModel.UPTIME)))
                .isInstanceOf(Long.class);
        assertThat(onEdt(() -> panel.model().getColumnName(ProcessTableModel.DESCRIPTION)))
                .isEqualTo("Description");
        assertThat(onEdt(() -> panel.model().getValueAt(index("web"), ProcessTableModel.HEALTH)))
                .isEqualTo(Health.NONE);
        assertThat(onEdt(() -> panel.model().getValueAt(index("web"), ProcessTableModel.WANTED)))
                .isEqualTo("up (config)");
        assertThat(onEdt(() -> panel.model().getValueAt(index("idle"), ProcessTableModel.WANTED)))
                .isEqualTo("down (config)");
        assertThat(onEdt(panel::statusText)).contains("taskmasterd");
        await().atMost(TestDaemon.BOUND)
                .alias("the event log tail through readLog")
                .until(() -> onEdt(panel::eventText).contains("spawned: 'web' with pid"));
        assertThat(plugin.newSwingWorker())
                .as("no slow refresh while the snapshot is fresh")
                .isNull();
    }

    @Test
    @Order(2)
    void followsOutsideChangesThroughNotifications() {
        assertThat(supervisor.stop("web")).allMatch(r -> r.ok());
        awaitRow("web", ProcessState.STOPPED);
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(panel::eventText).contains("stopped: web"));
        await().atMost(TestDaemon.BOUND)
                .alias("the snapshot after the stop says who wants it down")
                .until(() -> onEdt(() -> panel.model().getValueAt(index("web"), ProcessTableModel.WANTED))
                        .equals("down (operator)"));
        assertThat(supervisor.start("web")).allMatch(r -> r.ok());
        awaitRow("web", ProcessState.RUNNING);
        assertThat(onEdt(() -> row("web").pid())).isEqualTo(pidOf("web"));
    }

    @Test
    @Order(3)
    void stopsAndStartsSeveralSelectedRows() {
        onEdt(() -> {
            panel.select(List.of("web", "worker"));
            assertThat(panel.selectedNames()).containsExactlyInAnyOrder("web", "worker");
            panel.stopSelected();
        });
        awaitRow("web", ProcessState.STOPPED);
        awaitRow("worker", ProcessState.STOPPED);
        assertThat(stateOf("worker")).isEqualTo(ProcessState.STOPPED);
        onEdt(panel::startSelected);
        awaitRow("web", ProcessState.RUNNING);
        awaitRow("worker", ProcessState.RUNNING);
        onEdt(panel::restartSelected);
        long before = onEdt(() -> row("web").pid());
        await().atMost(TestDaemon.BOUND).until(() -> pidOf("web") != before && stateOf("web") == ProcessState.RUNNING);
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(() -> row("web").pid()) == pidOf("web"));
    }

    @Test
    @Order(4)
    void showsTheFaultWhenAnOperationFails() {
        onEdt(() -> {
            panel.select(List.of("web"));
            panel.startSelected();
        });
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(panel::statusIsError));
        assertThat(onEdt(panel::statusText)).contains("start failed").contains("web: ALREADY_STARTED");
        onEdt(() -> {
            panel.select(List.of("idle"));
            panel.signalSelected("HUP");
        });
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(panel::statusText).contains("signal HUP failed"));
        assertThat(onEdt(panel::statusText)).contains("idle: NOT_RUNNING");
        onEdt(() -> {
            panel.select(List.of("web"));
            panel.signalSelected("CONT");
        });
        await().atMost(TestDaemon.BOUND).until(() -> !onEdt(panel::statusIsError));
        assertThat(stateOf("web")).isEqualTo(ProcessState.RUNNING);
    }

    @Test
    @Order(5)
    void filtersByNameAndSorts() {
        onEdt(() -> panel.setFilter("WOR"));
        assertThat(onEdt(() -> panel.table().getRowCount())).isEqualTo(1);
        assertThat(onEdt(() -> panel.table().getValueAt(0, ProcessTableModel.NAME)))
                .isEqualTo("worker");
        onEdt(() -> panel.setFilter(""));
        assertThat(onEdt(() -> panel.table().getRowCount())).isEqualTo(3);
        onEdt(() -> panel.table()
                .getRowSorter()
                .setSortKeys(List.of(new javax.swing.RowSorter.SortKey(ProcessTableModel.NAME, SortOrder.DESCENDING))));
        assertThat(onEdt(() -> List.of(
                        panel.table().getValueAt(0, 0),
                        panel.table().getValueAt(1, 0),
                        panel.table().getValueAt(2, 0))))
                .containsExactly("worker", "web", "idle");
    }

    @Test
    @Order(6)
    void reloadsAndShowsWhatChanged() throws Exception {
        daemon.writePrograms(PROGRAMS.replace("[idle]", "[extra]"));
        onEdt(panel::reload);
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(panel::reloadText).contains("added:     extra"));
        assertThat(onEdt(panel::reloadText)).contains("removed:   idle").contains("changed:   -");
        await().atMost(TestDaemon.BOUND)
                .until(() -> onEdt(() -> index("idle")) < 0 && onEdt(() -> index("extra")) >= 0);
        // A reload from elsewhere (SIGHUP, another client): the delegate's notifications tell the tab.
        daemon.writePrograms(PROGRAMS);
        assertThat(supervisor.reload().added()).containsExactly("idle");
        await().atMost(TestDaemon.BOUND)
                .until(() -> onEdt(() -> index("extra")) < 0 && onEdt(() -> index("idle")) >= 0);
    }

    @Test
    @Order(7)
    void survivesAReconnect() throws Exception {
        // What JConsole does when the connection drops and comes back: the connection state property.
        first.close();
        context.set(ConnectionState.DISCONNECTED, null);
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(panel::statusText).startsWith("Disconnected"));
        assertThat(onEdt(() -> panel.model().getRowCount())).isEqualTo(3);
        second = daemon.connect();
        context.set(ConnectionState.CONNECTING, null);
        context.set(ConnectionState.CONNECTED, watched(second.getMBeanServerConnection()));
        assertThat(plugin.getTabs().get("Taskmaster")).isSameAs(panel);
        await().atMost(TestDaemon.BOUND).until(() -> onEdt(panel::statusText).contains("processes"));
        assertThat(supervisor.stop("worker")).allMatch(r -> r.ok());
        awaitRow("worker", ProcessState.STOPPED);
        assertThat(supervisor.start("worker")).allMatch(r -> r.ok());
        awaitRow("worker", ProcessState.RUNNING);
    }

    @Test
    @Order(8)
    void neverCalledTheDaemonOnTheSwingThread() {
        assertThat(callsOnEdt).isEmpty();
    }

    // ---- helpers ----

    /** JConsole's side of a connection: the connection and its state property. */
    static final class FakeContext implements JConsoleContext {
        private final PropertyChangeSupport changes = new PropertyChangeSupport(this);
        private volatile MBeanServerConnection connection;
        private volatile ConnectionState state = ConnectionState.CONNECTED;

        FakeContext(MBeanServerConnection connection) {
            this.connection = connection;
        }

        void set(ConnectionState next, MBeanServerConnection c) {
            ConnectionState old = state;
            if (c != null) {
                connection = c;
            }
            state = next;
            changes.firePropertyChange(CONNECTION_STATE_PROPERTY, old, next);
        }

        @Override
        public MBeanServerConnection getMBeanServerConnection() {
            return connection;
        }

        @Override
        public ConnectionState getConnectionState() {
            return state;
        }

        @Override
        public void addPropertyChangeListener(PropertyChangeListener l) {
            changes.addPropertyChangeListener(l);
        }

        @Override
        public void removePropertyChangeListener(PropertyChangeListener l) {
            changes.removePropertyChangeListener(l);
        }
    }

    /** The connection, recording any call made on the Swing thread. */
    MBeanServerConnection watched(MBeanServerConnection c) {
        return (MBeanServerConnection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    if (SwingUtilities.isEventDispatchThread()) {
                        callsOnEdt.add(method.getName());
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    long pidOf(String process) {
        return supervisor.getProcesses().stream()
                .filter(p -> p.name().equals(process))
                .findFirst()
                .orElseThrow()
                .pid();
    }

    ProcessState stateOf(String process) {
        return supervisor.getProcesses().stream()
                .filter(p -> p.name().equals(process))
                .findFirst()
                .orElseThrow()
                .state();
    }

    void awaitRow(String process, ProcessState state) {
        await().atMost(TestDaemon.BOUND)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> onEdt(() -> index(process) >= 0 && row(process).state() == state));
    }

    int index(String process) {
        for (int i = 0; i < panel.model().getRowCount(); i++) {
            if (panel.model().row(i).name().equals(process)) {
                return i;
            }
        }
        return -1;
    }

    ProcessInfo row(String process) {
        return panel.model().row(index(process));
    }

    static <T> T onEdt(Supplier<T> s) {
        AtomicReference<T> v = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> v.set(s.get()));
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return v.get();
    }

    static void onEdt(Runnable r) {
        onEdt(() -> {
            r.run();
            return null;
        });
    }
}
