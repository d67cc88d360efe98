package taskmaster.management;

import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.SupervisorState;

/** What the Supervisor bean needs from the daemon; the daemon implements it with its own reload path. */
public interface Control {

    SupervisorState state();

    /** Reads the files and applies them, as SIGHUP does; waits for the result. */
    ReloadResult reload();

    /**
     * Reads the files and applies them to the named programs and groups only (empty: all of them).
     *
     * @throws IllegalArgumentException BAD_NAME for a name in neither configuration
     */
    ReloadResult update(java.util.Set<String> names);

    /**
     * supervisorctl's {@code add}: reads the files and takes one group (or ungrouped program) of
     * them into the configuration in force, starting what autostarts; nothing else changes.
     *
     * @throws IllegalArgumentException BAD_NAME when the files have no group of that name
     * @throws IllegalStateException    ALREADY_ADDED when the group is in force already, CANT_REREAD
     *                                  when the files have errors
     */
    ReloadResult addGroup(String name);

    /**
     * supervisorctl's {@code remove}: takes one group out of the configuration in force; the files
     * keep it, so a later reload or {@code add} brings it back.
     *
     * @throws IllegalArgumentException BAD_NAME when no group of that name is in force
     * @throws IllegalStateException    STILL_RUNNING while one of its processes is not stopped
     */
    ReloadResult removeGroup(String name);

    /**
     * supervisord's {@code sendRemoteCommEvent}: a {@code REMOTE_COMMUNICATION} event to the
     * listeners subscribed; returns once it is queued, not sent.
     */
    void sendRemoteCommEvent(String type, String data);

    /**
     * {@code scale PROGRAM N}: runs N processes of the program, built from the files as they are
     * for N, adding or removing only those (the rest keep running); the override is kept until the
     * files' numprocs changes. One result per process added or removed.
     *
     * @throws IllegalArgumentException BAD_NAME for a program not in force, BAD_ARGUMENTS for N out of range
     * @throws IllegalStateException    CANT_REREAD when the files have errors
     */
    java.util.List<taskmaster.mbeans.Result> scale(String program, int numprocs);

    /**
     * {@code forget NAMES}: the named processes go back to their configuration (the operator's
     * start or stop is forgotten, autostart decides) and their programs' scale overrides end.
     *
     * @throws IllegalArgumentException BAD_NAME for an unknown name
     */
    java.util.List<taskmaster.mbeans.Result> forget(String names);

    /** Reads the files and tells what a reload would change, applying nothing. */
    ReloadResult reread();

    /** Starts the daemon's shutdown and returns at once. */
    void shutdown();
}
