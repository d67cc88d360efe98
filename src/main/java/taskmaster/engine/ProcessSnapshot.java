package taskmaster.engine;

import java.util.List;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;

/**
 * An immutable view of one process, safe to read from any thread.
 *
 * @param pid        the pid, 0 when not running
 * @param startTime  epoch ms of the last spawn, 0 if never started
 * @param stopTime   epoch ms of the last end, 0 if never ended
 * @param startMono  monotonic ms of the last spawn, for uptimes
 * @param exitStatus how it last ended, null if never
 * @param restarts   automatic restarts after an exit from RUNNING, plus retries after failed starts
 * @param spawnError why the last start failed, empty when it did not
 * @param wanted     whether it should be up: the operator's last start/stop, else its autostart
 * @param wantedSource where {@code wanted} comes from
 * @param health     what its health check last found
 * @param statusText what the process last said of itself (sd_notify's {@code STATUS=}); empty when nothing
 * @param waitingFor the dependencies it waits for before it may start (wanted, not yet spawned); empty when none
 */
public record ProcessSnapshot(
        String name,
        String program,
        String group,
        ProcessState state,
        long pid,
        long startTime,
        long stopTime,
        long startMono,
        ExitStatus exitStatus,
        int restarts,
        String spawnError,
        boolean wanted,
        WantedSource wantedSource,
        HealthStatus health,
        String statusText,
        List<String> waitingFor) {

    public ProcessSnapshot {
        waitingFor = List.copyOf(waitingFor);
    }

    /** A snapshot of a process with no lifecycle to report: wanted by its configuration, no health check. */
    public ProcessSnapshot(
            String name,
            String program,
            String group,
            ProcessState state,
            long pid,
            long startTime,
            long stopTime,
            long startMono,
            ExitStatus exitStatus,
            int restarts,
            String spawnError,
            boolean wanted) {
        this(
                name,
                program,
                group,
                state,
                pid,
                startTime,
                stopTime,
                startMono,
                exitStatus,
                restarts,
                spawnError,
                wanted,
                WantedSource.CONFIG,
                HealthStatus.NONE,
                "",
                List.of());
    }

    /** Uptime in ms at monotonic time {@code nowMono}; 0 unless running. */
    public long uptime(long nowMono) {
        return pid != 0 && state.isSignallable() ? Math.max(0, nowMono - startMono) : 0;
    }
}
