package taskmaster.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import taskmaster.engine.ProcessSnapshot;

/**
 * The last figures, published whole by the sampler after each sample and read by the management
 * plane from any thread: a read is a map look-up, never a read of {@code /proc}. What a read
 * answers is checked against the engine's snapshot of the process, so one that stopped since the
 * last sample reads as not running at once (it keeps its output counts), and one a reload added
 * reads as not sampled yet.
 */
final class UsageStore implements Usages {
    static final String DAEMON = "taskmasterd";

    private final Supervised engine;
    /** Told of every read: with {@code sample_interval = 0} it asks the sampler for a sample. */
    private final Runnable onRead;

    private volatile Map<String, ProcessUsage> byName = Map.of();
    private volatile ProcessUsage daemon = ProcessUsage.none(DAEMON);

    UsageStore(Supervised engine, Runnable onRead) {
        this.engine = engine;
        this.onRead = onRead;
    }

    /** A sample's figures, every process's (a map the store keeps as it is) and the daemon's. */
    void publish(Map<String, ProcessUsage> processes, ProcessUsage self) {
        byName = processes;
        daemon = self;
    }

    @Override
    public ProcessUsage of(String process) {
        onRead.run();
        return engine.process(process).map(this::current).orElseGet(() -> ProcessUsage.none(process));
    }

    @Override
    public List<ProcessUsage> all() {
        onRead.run();
        List<ProcessSnapshot> processes = engine.processes();
        List<ProcessUsage> all = new ArrayList<>(processes.size());
        for (ProcessSnapshot s : processes) {
            all.add(current(s));
        }
        return all;
    }

    @Override
    public ProcessUsage daemon() {
        onRead.run();
        return daemon;
    }

    /** The last figures of {@code s}, when they are of the run it is in now. */
    private ProcessUsage current(ProcessSnapshot s) {
        ProcessUsage u = byName.get(s.name());
        if (u == null) {
            return ProcessUsage.none(s.name());
        }
        if (u.pid() != 0 && u.pid() == s.pid() && !s.state().isDown()) {
            return u;
        }
        return u.pid() == 0 ? u : notRunning(s.name(), u.stdoutBytes(), u.stderrBytes());
    }

    static ProcessUsage notRunning(String name, long stdoutBytes, long stderrBytes) {
        return new ProcessUsage(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, stdoutBytes, stderrBytes);
    }
}
