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

    /** Reads the files and tells what a reload would change, applying nothing. */
    ReloadResult reread();

    /** Starts the daemon's shutdown and returns at once. */
    void shutdown();
}
