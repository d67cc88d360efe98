package taskmaster.jconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.management.AttributeChangeNotification;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.HealthChange;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;

/**
 * The tab's lifecycle columns from hand-made rows, without a daemon: Health and Wanted (with where
 * it comes from) next to the state, the Description of a process that waits for its dependencies,
 * and the Health notifications (a change of health moves the cell; it is never read as a state).
 */
class LifecycleColumnsTest {

    private final ProcessTableModel model = new ProcessTableModel(() -> 10_000);

    static ProcessInfo row(
            String name, ProcessState state, boolean wanted, WantedSource source, Health health, String waiting) {
        String description = waiting.isEmpty()
                ? (state == ProcessState.RUNNING ? "pid 42, uptime 0:00:05" : "Not started")
                : "waiting for " + String.join(", ", waiting.split(","));
        return new ProcessInfo(
                name,
                name,
                name,
                state,
                state == ProcessState.RUNNING ? 42 : 0,
                description,
                state == ProcessState.RUNNING ? 5_000 : 0,
                -1,
                0,
                "",
                wanted,
                source,
                health,
                health == Health.NONE ? 0 : 9_000,
                health == Health.HEALTHY,
                health == Health.NONE ? "" : "HTTP 200",
                0,
                waiting,
                "");
    }

    @Test
    void theHealthAndWantedColumnsFollowTheState() {
        assertThat(columns())
                .containsExactly(
                        "Name",
                        "Program",
                        "State",
                        "Health",
                        "Wanted",
                        "Pid",
                        "Uptime",
                        "CPU %",
                        "RSS",
                        "Restarts",
                        "Description");
        assertThat(model.getColumnClass(ProcessTableModel.HEALTH)).isEqualTo(Health.class);
    }

    @Test
    void everyHealthValueAndWantedSourceShows() {
        List<ProcessInfo> rows = new ArrayList<>();
        for (Health h : Health.values()) {
            rows.add(row("h-" + h, ProcessState.RUNNING, true, WantedSource.CONFIG, h, ""));
        }
        for (WantedSource w : WantedSource.values()) {
            rows.add(row("up-" + w, ProcessState.RUNNING, true, w, Health.NONE, ""));
            rows.add(row("down-" + w, ProcessState.STOPPED, false, w, Health.NONE, ""));
        }
        model.replaceAll(rows, List.of());
        for (Health h : Health.values()) {
            assertThat(value("h-" + h, ProcessTableModel.HEALTH)).isEqualTo(h);
        }
        assertThat(value("up-CONFIG", ProcessTableModel.WANTED)).isEqualTo("up (config)");
        assertThat(value("down-CONFIG", ProcessTableModel.WANTED)).isEqualTo("down (config)");
        assertThat(value("up-OPERATOR", ProcessTableModel.WANTED)).isEqualTo("up (operator)");
        assertThat(value("down-OPERATOR", ProcessTableModel.WANTED)).isEqualTo("down (operator)");
        assertThat(value("up-PERSISTED", ProcessTableModel.WANTED)).isEqualTo("up (persisted)");
        assertThat(value("down-PERSISTED", ProcessTableModel.WANTED)).isEqualTo("down (persisted)");
        // blank for NONE (no check), the verdict in its colour otherwise
        assertThat(CellRenderers.colour(Health.NONE)).isNull();
        assertThat(CellRenderers.colour(Health.UNHEALTHY)).isEqualTo(CellRenderers.colour(ProcessState.FATAL));
        assertThat(CellRenderers.colour(Health.HEALTHY)).isEqualTo(CellRenderers.colour(ProcessState.RUNNING));
    }

    @Test
    void aProcessWaitingForItsDependenciesSaysSoInItsDescription() {
        model.replaceAll(
                List.of(
                        row("web", ProcessState.STOPPED, true, WantedSource.CONFIG, Health.NONE, "db"),
                        row("api", ProcessState.STOPPED, true, WantedSource.CONFIG, Health.NONE, "db,cache")),
                List.of());
        assertThat(value("web", ProcessTableModel.DESCRIPTION)).isEqualTo("waiting for db");
        assertThat(value("api", ProcessTableModel.DESCRIPTION)).isEqualTo("waiting for db, cache");
    }

    @Test
    void aHealthNotificationMovesTheCellAndIsNoStateChange() throws Exception {
        model.replaceAll(
                List.of(row("web", ProcessState.RUNNING, true, WantedSource.OPERATOR, Health.HEALTHY, "")), List.of());
        AttributeChangeNotification n = healthChange("web", Health.HEALTHY, Health.UNHEALTHY, "HTTP 503");
        assertThat(StateChange.of(n)).isEmpty();
        HealthNotice h = HealthNotice.of(n).orElseThrow();
        assertThat(h.process()).isEqualTo("web");
        assertThat(h.health()).isEqualTo(Health.UNHEALTHY);
        assertThat(h.line()).matches("\\d\\d:\\d\\d:\\d\\d web: health HEALTHY -> UNHEALTHY \\(HTTP 503\\)");
        assertThat(model.applyHealth("web", h.health())).isTrue();
        assertThat(value("web", ProcessTableModel.HEALTH)).isEqualTo(Health.UNHEALTHY);
        assertThat(value("web", ProcessTableModel.WANTED)).isEqualTo("up (operator)");
        assertThat(model.applyHealth("nope", Health.HEALTHY)).isFalse();
        // a state change keeps the lifecycle fields until the next snapshot
        assertThat(model.applyChange("web", ProcessState.STOPPING, 42, 9_000)).isTrue();
        assertThat(value("web", ProcessTableModel.HEALTH)).isEqualTo(Health.UNHEALTHY);
        assertThat(model.row(0).wantedSource()).isEqualTo(WantedSource.OPERATOR);
        assertThat(HealthNotice.of(StateChangeTest.change("web", ProcessState.RUNNING, ProcessState.STOPPING, 42)))
                .isEmpty();
    }

    private List<String> columns() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < model.getColumnCount(); i++) {
            names.add(model.getColumnName(i));
        }
        return names;
    }

    private Object value(String process, int column) {
        for (int i = 0; i < model.getRowCount(); i++) {
            if (model.row(i).name().equals(process)) {
                return model.getValueAt(i, column);
            }
        }
        throw new AssertionError("no row " + process);
    }

    /** As the daemon builds it: attribute Health, user data typed by {@link HealthChange}. */
    static AttributeChangeNotification healthChange(String process, Health from, Health to, String message)
            throws Exception {
        CompositeType type = new CompositeType(
                HealthChange.TYPE,
                "A change of a process's health",
                HealthChange.ITEMS.toArray(String[]::new),
                HealthChange.ITEMS.toArray(String[]::new),
                new OpenType<?>[] {
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.STRING,
                    SimpleType.INTEGER,
                    SimpleType.LONG
                });
        AttributeChangeNotification n = new AttributeChangeNotification(
                ObjectNames.SUPERVISOR,
                1,
                1_000,
                process + ": health " + from + " -> " + to,
                "Health",
                String.class.getName(),
                from.name(),
                to.name());
        n.setUserData(new CompositeDataSupport(type, HealthChange.ITEMS.toArray(String[]::new), new Object[] {
            process, process, from.name(), to.name(), message, 3, 1_000L
        }));
        return n;
    }
}
