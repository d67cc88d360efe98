package taskmaster.mbeans;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;

/**
 * One process, as {@code taskmaster:type=Supervisor} lists them (a CompositeData over JMX).
 *
 * @param name        the process name (the program name when numprocs = 1)
 * @param program     the program it belongs to
 * @param group       its group (the program itself unless a [group:x] section lists it)
 * @param state       its state
 * @param pid         its pid, 0 when not running
 * @param description what supervisorctl's status prints: {@code pid 4242, uptime 0:01:02}, the exit, or the spawn error
 * @param startTime   when it was last spawned, epoch ms (0: never)
 * @param exitStatus  its last exit code, -1 when killed by a signal or never exited
 * @param restarts    automatic restarts and start retries so far
 * @param spawnError  why the last start failed, empty when it did not
 * @param wanted      whether the operator wants it up (its last start/stop, else its autostart)
 * @param wantedSource where {@code wanted} comes from: CONFIG (autostart), OPERATOR (a start or stop
 *                     since the daemon started) or PERSISTED (one from before its restart)
 * @param health      what its health check last found; NONE without a check or when not RUNNING
 * @param healthCheckedAt when its last health check ended, epoch ms (0: never checked)
 * @param healthOk    whether its last health check succeeded (false when never checked)
 * @param healthMessage what its last health check said ({@code HTTP 503}, {@code connection refused}); empty before
 *                    any
 * @param healthFailures failed health checks in a row
 * @param waitingFor  the dependencies it waits for before it may start, comma-separated ({@code db,cache}); empty
 *                    when none
 * @param statusText  what the process last said of itself (sd_notify's {@code STATUS=}); empty when nothing
 */
public record ProcessInfo(
        String name,
        String program,
        String group,
        ProcessState state,
        long pid,
        String description,
        long startTime,
        int exitStatus,
        int restarts,
        String spawnError,
        boolean wanted,
        WantedSource wantedSource,
        Health health,
        long healthCheckedAt,
        boolean healthOk,
        String healthMessage,
        int healthFailures,
        String waitingFor,
        String statusText)
        implements CompositeDataView {

    /** The item names, in the order of the components (the MXBean mapping's names for them). */
    private static final String[] ITEMS = {
        "name",
        "program",
        "group",
        "state",
        "pid",
        "description",
        "startTime",
        "exitStatus",
        "restarts",
        "spawnError",
        "wanted",
        "wantedSource",
        "health",
        "healthCheckedAt",
        "healthOk",
        "healthMessage",
        "healthFailures",
        "waitingFor",
        "statusText"
    };

    /**
     * What the MXBean mapping would make of this record (enums as their names), without its
     * reflection and its TreeMap per record: a full status maps a thousand of them per read.
     * ProcessInfoCompositeTest holds it equal to the JDK's mapping.
     */
    @Override
    public CompositeData toCompositeData(CompositeType type) {
        return ArrayCompositeData.of(type, ITEMS, new Object[] {
            name,
            program,
            group,
            state == null ? null : state.name(),
            pid,
            description,
            startTime,
            exitStatus,
            restarts,
            spawnError,
            wanted,
            wantedSource == null ? null : wantedSource.name(),
            health == null ? null : health.name(),
            healthCheckedAt,
            healthOk,
            healthMessage,
            healthFailures,
            waitingFor,
            statusText
        });
    }

    /** A process the engine does not know (yet): never started, nothing to report. */
    public static ProcessInfo notStarted(String name, String program, String group, boolean wanted) {
        return new ProcessInfo(
                name,
                program,
                group,
                ProcessState.STOPPED,
                0,
                "Not started",
                0,
                -1,
                0,
                "",
                wanted,
                WantedSource.CONFIG,
                Health.NONE,
                0,
                false,
                "",
                0,
                "",
                "");
    }
}
