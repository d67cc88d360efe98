package taskmaster.ctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import taskmaster.mbeans.ProcessState;

/**
 * One refresh of {@code top}: every process with its state and its figures, the totals and the
 * daemon's own figures, all from one read of {@code taskmaster:type=Supervisor}.
 */
record TopSnapshot(
        long takenAt,
        List<Row> rows,
        double cpuPercent,
        long memoryRss,
        int threads,
        int openFiles,
        double daemonCpuPercent,
        long daemonMemoryRss,
        int daemonThreads,
        int daemonOpenFiles,
        int sampleInterval) {

    /** The Supervisor's attributes one refresh reads, in one request. */
    static final List<String> ATTRIBUTES = List.of(
            "Processes",
            "Resources",
            "CpuPercent",
            "MemoryRss",
            "Threads",
            "OpenFiles",
            "DaemonCpuPercent",
            "DaemonMemoryRss",
            "DaemonThreads",
            "DaemonOpenFiles",
            "SampleInterval");

    /**
     * One process. A figure is -1 when it could not be read; {@code sampledAt} 0 when the process
     * has not been sampled since it started.
     *
     * @param startTime epoch ms of its start, 0 when it does not run
     */
    record Row(
            String name,
            String state,
            long pid,
            double cpuPercent,
            long memoryRss,
            int threads,
            int openFiles,
            int restarts,
            long startTime,
            long sampledAt) {

        boolean running() {
            return pid != 0
                    && (state.equals(ProcessState.RUNNING.name())
                            || state.equals(ProcessState.STARTING.name())
                            || state.equals(ProcessState.STOPPING.name()));
        }
    }

    /** Reads the snapshot: one Jolokia request. */
    static TopSnapshot read(JolokiaClient client) throws CtlException {
        Object v = client.request(
                JolokiaClient.map("type", "read", "mbean", Supervisor.BEAN, "attribute", ATTRIBUTES),
                JolokiaClient.READ_TIMEOUT);
        if (!(v instanceof Map<?, ?> m) || !m.containsKey("Resources")) {
            throw new CtlException(
                    CtlException.PROTOCOL, "the daemon gives no resource figures (Resources): it is older than top");
        }
        return of(m, System.currentTimeMillis());
    }

    /** The snapshot of the Supervisor's attributes as Jolokia answers them. */
    static TopSnapshot of(Map<?, ?> a, long now) {
        Map<String, Map<String, Object>> figures = new HashMap<>();
        for (Map<String, Object> r : Supervisor.maps(a.get("Resources"))) {
            figures.put(Supervisor.str(r, "name"), r);
        }
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> p : Supervisor.maps(a.get("Processes"))) {
            String name = Supervisor.str(p, "name");
            Map<String, Object> f = figures.getOrDefault(name, Map.of());
            rows.add(new Row(
                    name,
                    Supervisor.str(p, "state"),
                    Supervisor.number(p.get("pid")),
                    decimal(f.get("cpuPercent")),
                    f.containsKey("memoryRss") ? Supervisor.number(f.get("memoryRss")) : -1,
                    f.containsKey("threads") ? (int) Supervisor.number(f.get("threads")) : -1,
                    f.containsKey("openFiles") ? (int) Supervisor.number(f.get("openFiles")) : -1,
                    (int) Supervisor.number(p.get("restarts")),
                    Supervisor.number(p.get("startTime")),
                    Supervisor.number(f.get("sampledAt"))));
        }
        return new TopSnapshot(
                now,
                rows,
                decimal(a.get("CpuPercent")),
                Supervisor.number(a.get("MemoryRss")),
                (int) Supervisor.number(a.get("Threads")),
                (int) Supervisor.number(a.get("OpenFiles")),
                decimal(a.get("DaemonCpuPercent")),
                Supervisor.number(a.get("DaemonMemoryRss")),
                (int) Supervisor.number(a.get("DaemonThreads")),
                (int) Supervisor.number(a.get("DaemonOpenFiles")),
                (int) Supervisor.number(a.get("SampleInterval")));
    }

    private static double decimal(Object v) {
        return v instanceof Number n ? n.doubleValue() : -1;
    }
}
