package taskmaster.jconsole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.NotificationBroadcasterSupport;
import javax.management.StandardEmitterMBean;
import javax.swing.SwingWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.LogData;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.mbeans.WantedSource;

/**
 * The CPU and RSS columns: the figures of the Supervisor's {@code Resources}, shown only for the
 * process's current run, formatted (one decimal, binary units) but sorted as numbers; and, in the
 * tab, read with every snapshot and alone on JConsole's update tick. The tab is driven against a
 * Supervisor bean made here (an MXBean in a local MBean server, over the same JMX calls as a
 * daemon's), so the figures are known exactly: a real daemon's change between two samples.
 */
class ResourceColumnsTest {

    static final long MIB = 1024 * 1024;

    private final ProcessTableModel model = new ProcessTableModel(() -> 10_000);
    private TaskmasterPlugin plugin;

    @AfterEach
    void close() {
        if (plugin != null) {
            plugin.dispose();
        }
    }

    static ProcessInfo process(String name, ProcessState state, long pid) {
        return new ProcessInfo(
                name,
                name,
                name,
                state,
                pid,
                state == ProcessState.RUNNING ? "pid " + pid : "Not started",
                5_000,
                -1,
                0,
                "",
                true,
                WantedSource.CONFIG,
                Health.NONE,
                0,
                false,
                "",
                0,
                "",
                "");
    }

    static ResourceInfo figures(String name, long pid, long sampledAt, double cpu, long rss) {
        return new ResourceInfo(name, name, pid, sampledAt, 1.5, 0.5, cpu, rss, rss / 2, 3, 7, 0, 0, 1, 10, 0);
    }

    @Test
    void cpuHasOneDecimalAndMemoryBinaryUnitsBlankWhenUnknown() {
        assertThat(ProcessTableModel.formatCpu(12.345)).isEqualTo("12.3");
        assertThat(ProcessTableModel.formatCpu(0)).isEqualTo("0.0");
        assertThat(ProcessTableModel.formatCpu(250)).isEqualTo("250.0");
        assertThat(ProcessTableModel.formatCpu(-1)).isEmpty();
        assertThat(ProcessTableModel.formatBytes(0)).isEqualTo("0 B");
        assertThat(ProcessTableModel.formatBytes(1023)).isEqualTo("1023 B");
        assertThat(ProcessTableModel.formatBytes(812 * 1024)).isEqualTo("812 KiB");
        assertThat(ProcessTableModel.formatBytes(3 * MIB / 2)).isEqualTo("1.50 MiB");
        assertThat(ProcessTableModel.formatBytes((long) (12.3 * MIB))).isEqualTo("12.3 MiB");
        assertThat(ProcessTableModel.formatBytes(3 * 1024 * MIB / 2)).isEqualTo("1.50 GiB");
        assertThat(ProcessTableModel.formatBytes(-1)).isEmpty();
    }

    @Test
    void figuresShowForTheCurrentRunOnlyAndSortAsNumbers() {
        model.replaceAll(
                List.of(
                        process("web", ProcessState.RUNNING, 42),
                        process("api", ProcessState.RUNNING, 43),
                        process("new", ProcessState.RUNNING, 44),
                        process("idle", ProcessState.STOPPED, 0)),
                List.of(
                        figures("web", 42, 9_000, 12.5, 3 * MIB),
                        figures("api", 41, 9_000, 80, 900 * MIB), // a sample of the run before the restart
                        figures("new", 44, 0, -1, 0), // not sampled yet
                        figures("idle", 0, 0, 0, 0)));
        assertThat(model.getColumnClass(ProcessTableModel.CPU)).isEqualTo(Double.class);
        assertThat(model.getColumnClass(ProcessTableModel.RSS)).isEqualTo(Long.class);
        assertThat(value("web", ProcessTableModel.CPU)).isEqualTo(12.5);
        assertThat(value("web", ProcessTableModel.RSS)).isEqualTo(3 * MIB);
        for (String blank : List.of("api", "new", "idle")) {
            assertThat(value(blank, ProcessTableModel.CPU)).as(blank).isEqualTo(-1.0);
            assertThat(value(blank, ProcessTableModel.RSS)).as(blank).isEqualTo(-1L);
        }
        // the figures alone move; a process the Resources no longer list shows blank
        model.replaceResources(List.of(figures("api", 43, 9_500, 0.3, 20 * MIB)));
        assertThat(value("api", ProcessTableModel.CPU)).isEqualTo(0.3);
        assertThat(value("api", ProcessTableModel.RSS)).isEqualTo(20 * MIB);
        assertThat(value("web", ProcessTableModel.RSS)).isEqualTo(-1L);
        assertThat(model.getRowCount()).isEqualTo(4);
    }

    @Test
    void theTabReadsTheFiguresWithEachSnapshotAndAloneOnTheUpdateTick() throws Exception {
        FakeSupervisor daemon = new FakeSupervisor();
        daemon.processes.set(
                List.of(process("web", ProcessState.RUNNING, 42), process("idle", ProcessState.STOPPED, 0)));
        daemon.resources.set(List.of(figures("web", 42, 9_000, 12.5, 3 * MIB), figures("idle", 0, 0, 0, 0)));
        plugin = new TaskmasterPlugin();
        plugin.setContext(new TaskmasterPanelTest.FakeContext(daemon.server));
        TaskmasterPanel panel = (TaskmasterPanel)
                TaskmasterPanelTest.onEdt(() -> plugin.getTabs()).get("Taskmaster");

        awaitCell(panel, "web", ProcessTableModel.RSS, "3.00 MiB");
        assertThat(cell(panel, "web", ProcessTableModel.CPU)).isEqualTo("12.5");
        assertThat(cell(panel, "idle", ProcessTableModel.RSS)).isEmpty();
        assertThat(daemon.resourceReads.get()).isEqualTo(1);

        // JConsole's tick: once the figures are FIGURES_REFRESH_MS old, it has a worker that reads them
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> plugin.newSwingWorker() != null);
        daemon.resources.set(List.of(figures("web", 42, 14_000, 99.04, 5 * MIB / 2), figures("idle", 0, 0, 0, 0)));
        int processReads = daemon.processReads.get();
        SwingWorker<?, ?> tick = plugin.newSwingWorker();
        tick.run(); // what JConsole's timer does on its worker thread
        awaitCell(panel, "web", ProcessTableModel.RSS, "2.50 MiB");
        assertThat(cell(panel, "web", ProcessTableModel.CPU)).isEqualTo("99.0");
        assertThat(daemon.processReads.get())
                .as("the tick read the Resources alone")
                .isEqualTo(processReads);
        assertThat(daemon.resourceReads.get()).isEqualTo(2);

        // a notification brings a snapshot, figures included
        daemon.processes.set(
                List.of(process("web", ProcessState.RUNNING, 42), process("idle", ProcessState.RUNNING, 77)));
        daemon.resources.set(
                List.of(figures("web", 42, 19_000, 1, 4 * MIB), figures("idle", 77, 19_000, 0, 700 * 1024)));
        daemon.emitter.sendNotification(
                StateChangeTest.change("idle", ProcessState.STARTING, ProcessState.RUNNING, 77));
        awaitCell(panel, "idle", ProcessTableModel.RSS, "700 KiB");
        assertThat(cell(panel, "web", ProcessTableModel.RSS)).isEqualTo("4.00 MiB");
        assertThat(cell(panel, "idle", ProcessTableModel.CPU)).isEqualTo("0.0");
    }

    private Object value(String process, int column) {
        for (int i = 0; i < model.getRowCount(); i++) {
            if (model.row(i).name().equals(process)) {
                return model.getValueAt(i, column);
            }
        }
        throw new AssertionError("no row " + process);
    }

    /** The text the table shows in a cell, through its renderer. */
    static String cell(TaskmasterPanel panel, String process, int column) {
        return TaskmasterPanelTest.onEdt(() -> {
            for (int v = 0; v < panel.table().getRowCount(); v++) {
                int m = panel.table().convertRowIndexToModel(v);
                if (panel.model().row(m).name().equals(process)) {
                    int c = panel.table().convertColumnIndexToView(column);
                    java.awt.Component r = panel.table()
                            .getCellRenderer(v, c)
                            .getTableCellRendererComponent(
                                    panel.table(), panel.table().getValueAt(v, c), false, false, v, c);
                    return ((javax.swing.JLabel) r).getText();
                }
            }
            return null;
        });
    }

    static void awaitCell(TaskmasterPanel panel, String process, int column, String text) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> text.equals(cell(panel, process, column)));
    }

    /**
     * A Supervisor bean for the tab to talk to: the processes and resources the test sets, counts
     * of their reads, an emitter for notifications, and a readLog of nothing. The rest is unused.
     */
    static final class FakeSupervisor {
        final AtomicReference<List<ProcessInfo>> processes = new AtomicReference<>(List.of());
        final AtomicReference<List<ResourceInfo>> resources = new AtomicReference<>(List.of());
        final AtomicInteger processReads = new AtomicInteger();
        final AtomicInteger resourceReads = new AtomicInteger();
        final MBeanServer server = MBeanServerFactory.newMBeanServer();
        final StandardEmitterMBean emitter;

        FakeSupervisor() throws Exception {
            SupervisorMXBean impl = (SupervisorMXBean) Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {SupervisorMXBean.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getVersion" -> "test";
                        case "getProcesses" -> {
                            processReads.incrementAndGet();
                            yield processes.get();
                        }
                        case "getResources" -> {
                            resourceReads.incrementAndGet();
                            yield resources.get();
                        }
                        case "readLog" -> new LogData("", 0, 0, 0, 0);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            emitter =
                    new StandardEmitterMBean(impl, SupervisorMXBean.class, true, new NotificationBroadcasterSupport());
            server.registerMBean(emitter, ObjectNames.SUPERVISOR);
        }
    }
}
