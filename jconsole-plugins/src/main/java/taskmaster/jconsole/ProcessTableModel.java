package taskmaster.jconsole;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.swing.table.AbstractTableModel;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.WantedSource;

/**
 * The processes of one daemon, one row each, in the daemon's order, with what each costs (the
 * Supervisor's {@code Resources}). Touched on the Swing thread only: a full snapshot replaces every
 * row, a state-change notification updates one, a read of the Resources alone updates the figures.
 */
final class ProcessTableModel extends AbstractTableModel {

    static final int NAME = 0;
    static final int PROGRAM = 1;
    static final int STATE = 2;
    static final int HEALTH = 3;
    static final int WANTED = 4;
    static final int PID = 5;
    static final int UPTIME = 6;
    static final int CPU = 7;
    static final int RSS = 8;
    static final int RESTARTS = 9;
    static final int DESCRIPTION = 10;
    private static final String[] COLUMNS = {
        "Name", "Program", "State", "Health", "Wanted", "Pid", "Uptime", "CPU %", "RSS", "Restarts", "Description"
    };
    private static final Class<?>[] TYPES = {
        String.class,
        String.class,
        ProcessState.class,
        Health.class,
        String.class,
        Long.class,
        Long.class,
        Double.class,
        Long.class,
        Integer.class,
        String.class
    };

    private final List<ProcessInfo> rows = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    /** The Supervisor's Resources by process; a process without a row here shows blank figures. */
    private final Map<String, ResourceInfo> resources = new HashMap<>();

    private final java.util.function.LongSupplier clock;

    ProcessTableModel(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** Replaces every row with the daemon's list, and their figures with its Resources (empty: none known). */
    void replaceAll(List<ProcessInfo> processes, List<ResourceInfo> figures) {
        rows.clear();
        index.clear();
        for (ProcessInfo p : processes) {
            index.put(p.name(), rows.size());
            rows.add(p);
        }
        setResources(figures);
        fireTableDataChanged();
    }

    /**
     * New figures for the rows there are (the fallback tick reads the Resources alone); a process
     * the daemon did not list keeps no figures. Only the two columns change, so the selection and
     * the sort stay as they are.
     */
    void replaceResources(List<ResourceInfo> figures) {
        setResources(figures);
        for (int i = 0; i < rows.size(); i++) {
            fireTableCellUpdated(i, CPU);
            fireTableCellUpdated(i, RSS);
        }
    }

    private void setResources(List<ResourceInfo> figures) {
        resources.clear();
        for (ResourceInfo r : figures) {
            resources.put(r.name(), r);
        }
    }

    /**
     * The figure of the process's current run, -1 when there is none to show: no sample yet, a
     * sample of an earlier pid, a process that does not run, or a figure the daemon could not read.
     */
    private ResourceInfo figures(ProcessInfo p) {
        ResourceInfo r = resources.get(p.name());
        return r != null && r.sampledAt() > 0 && p.pid() > 0 && r.pid() == p.pid() ? r : null;
    }

    /** CPU in percent of one core over the daemon's last sampling interval; -1 when unknown. */
    double cpuPercent(ProcessInfo p) {
        ResourceInfo r = figures(p);
        return r == null || r.cpuPercent() < 0 ? -1 : r.cpuPercent();
    }

    /** Resident memory of the process group in bytes; -1 when unknown. */
    long rssBytes(ProcessInfo p) {
        ResourceInfo r = figures(p);
        return r == null || r.memoryRss() < 0 ? -1 : r.memoryRss();
    }

    /** {@code 12.5} (one decimal); blank when unknown. */
    static String formatCpu(double percent) {
        return percent < 0 ? "" : String.format(Locale.ROOT, "%.1f", percent);
    }

    /**
     * Bytes in binary units, as top and ps print them: {@code 812 KiB}, {@code 12.3 MiB},
     * {@code 1.50 GiB}; blank when unknown.
     */
    static String formatBytes(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /**
     * Applies one state change; false when the process is not in the table (a reload added it),
     * and the caller should fetch a full snapshot.
     */
    boolean applyChange(String process, ProcessState state, long pid, long time) {
        Integer i = index.get(process);
        if (i == null) {
            return false;
        }
        ProcessInfo o = rows.get(i);
        long start = state == ProcessState.STARTING ? time : o.startTime();
        String description = switch (state) {
            case STARTING, STOPPING -> "pid " + pid;
            case RUNNING -> "pid " + pid + ", uptime " + formatUptime((clock.getAsLong() - start) / 1000);
            default -> state.name().toLowerCase(java.util.Locale.ROOT);
        };
        rows.set(
                i,
                new ProcessInfo(
                        o.name(),
                        o.program(),
                        o.group(),
                        state,
                        pid,
                        description,
                        start,
                        o.exitStatus(),
                        o.restarts(),
                        o.spawnError(),
                        o.wanted(),
                        o.wantedSource(),
                        o.health(),
                        o.healthCheckedAt(),
                        o.healthOk(),
                        o.healthMessage(),
                        o.healthFailures(),
                        o.waitingFor(),
                        o.statusText()));
        fireTableRowsUpdated(i, i);
        return true;
    }

    /** Applies one change of health; false when the process is not in the table. */
    boolean applyHealth(String process, Health health) {
        Integer i = index.get(process);
        if (i == null) {
            return false;
        }
        ProcessInfo o = rows.get(i);
        rows.set(
                i,
                new ProcessInfo(
                        o.name(),
                        o.program(),
                        o.group(),
                        o.state(),
                        o.pid(),
                        o.description(),
                        o.startTime(),
                        o.exitStatus(),
                        o.restarts(),
                        o.spawnError(),
                        o.wanted(),
                        o.wantedSource(),
                        health,
                        o.healthCheckedAt(),
                        o.healthOk(),
                        o.healthMessage(),
                        o.healthFailures(),
                        o.waitingFor(),
                        o.statusText()));
        fireTableRowsUpdated(i, i);
        return true;
    }

    /** The Wanted column: {@code up (config)}, {@code down (operator)}, {@code down (persisted)}. */
    static String wanted(ProcessInfo p) {
        WantedSource source = p.wantedSource() == null ? WantedSource.CONFIG : p.wantedSource();
        return (p.wanted() ? "up" : "down") + " (" + source.name().toLowerCase(Locale.ROOT) + ")";
    }

    ProcessInfo row(int modelRow) {
        return rows.get(modelRow);
    }

    List<ProcessInfo> rows() {
        return List.copyOf(rows);
    }

    /** Seconds a RUNNING process has been up, by the daemon's start time; -1 when not running. */
    long uptimeSeconds(ProcessInfo p) {
        return p.state() == ProcessState.RUNNING && p.startTime() > 0
                ? Math.max(0, (clock.getAsLong() - p.startTime()) / 1000)
                : -1;
    }

    /** Repaints the uptime column (a local clock tick: no remote call). */
    void tick() {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).state() == ProcessState.RUNNING) {
                fireTableCellUpdated(i, UPTIME);
            }
        }
    }

    static String formatUptime(long seconds) {
        if (seconds < 0) {
            return "";
        }
        long d = seconds / 86400;
        String hms = String.format("%d:%02d:%02d", seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60);
        return d == 0 ? hms : d + (d == 1 ? " day, " : " days, ") + hms;
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column];
    }

    @Override
    public Class<?> getColumnClass(int column) {
        return TYPES[column];
    }

    @Override
    public Object getValueAt(int row, int column) {
        ProcessInfo p = rows.get(row);
        return switch (column) {
            case NAME -> p.name();
            case PROGRAM -> p.program();
            case STATE -> p.state();
            case HEALTH -> p.health() == null ? Health.NONE : p.health();
            case WANTED -> wanted(p);
            case PID -> p.pid();
            case UPTIME -> uptimeSeconds(p);
            case CPU -> cpuPercent(p);
            case RSS -> rssBytes(p);
            case RESTARTS -> p.restarts();
            case DESCRIPTION -> p.description();
            default -> throw new IndexOutOfBoundsException(column);
        };
    }
}
