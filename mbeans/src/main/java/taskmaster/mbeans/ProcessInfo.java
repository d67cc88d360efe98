package taskmaster.mbeans;

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
        WantedSource wantedSource) {}
