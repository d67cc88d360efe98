package taskmaster.mbeans;

import java.util.Optional;

/**
 * Why an operation on a process did not do what was asked: a closed set, so a script can act on
 * the code. The codes and their meaning follow supervisord's XML-RPC faults.
 */
public enum Fault {
    /** No process, program or group has that name. */
    BAD_NAME,
    /** Start of a process that is already STARTING, RUNNING or in BACKOFF. */
    ALREADY_STARTED,
    /** Stop or signal of a process that is not running. */
    NOT_RUNNING,
    /** The process could not be spawned, or exited before its start time. */
    SPAWN_ERROR,
    /** The process left STARTING for another reason than a spawn error (stopped meanwhile). */
    ABNORMAL_TERMINATION,
    /** The daemon is shutting down and takes no more commands. */
    SHUTTING_DOWN,
    /** Not a signal name this system knows. */
    BAD_SIGNAL,
    /** The configuration files could not be read or are not valid. */
    CANT_REREAD,
    /** The operation did not finish within its bound. */
    TIMEOUT,
    /** An argument out of its range (a negative offset, a length above the per-call limit). */
    BAD_ARGUMENTS,
    /** There is no file to read: the daemon has no {@code logfile}. */
    NO_FILE,
    /** Adding a group that is already in the configuration in force. */
    ALREADY_ADDED,
    /** Removing a group while some of its processes are not stopped. */
    STILL_RUNNING,
    /** A start that waits for a dependency ({@code depends_on}) which failed to start. */
    DEPENDENCY_FAILED,
    /** A stop of a process whose dependents still run ({@code stop --with-dependents} stops them too). */
    HAS_DEPENDENTS,
    /** Anything else; the message says what. */
    FAILED;

    /**
     * The fault a code names, as it travels in a {@link Result} or at the head of an error
     * ({@code BAD_NAME: web: ...}); empty for any other text, a newer daemon's code included.
     */
    public static Optional<Fault> parse(String code) {
        for (Fault f : values()) {
            if (f.name().equals(code)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
