package taskmaster.mbeans;

import java.util.EnumSet;
import java.util.Set;

/**
 * The observed state of one supervised process, as supervisord 4.2 names them, with the groups
 * every reader needs and the arcs the engine may take between them. Each group is a switch
 * expression, so a new state cannot be added without deciding where it belongs.
 */
public enum ProcessState {
    STOPPED,
    STARTING,
    RUNNING,
    BACKOFF,
    STOPPING,
    EXITED,
    FATAL;

    /** No child, and none coming by itself: supervisord's STOPPED_STATES. */
    public boolean isDown() {
        return switch (this) {
            case STOPPED, EXITED, FATAL -> true;
            case STARTING, RUNNING, BACKOFF, STOPPING -> false;
        };
    }

    /**
     * Up or on its way up (a start gets ALREADY_STARTED): supervisord's RUNNING_STATES. BACKOFF
     * has no child but a retry is due.
     */
    public boolean isLive() {
        return switch (this) {
            case STARTING, RUNNING, BACKOFF -> true;
            case STOPPED, EXITED, FATAL, STOPPING -> false;
        };
    }

    /** A child exists and has a pid: supervisord's SIGNALLABLE_STATES. */
    public boolean isSignallable() {
        return switch (this) {
            case STARTING, RUNNING, STOPPING -> true;
            case STOPPED, EXITED, FATAL, BACKOFF -> false;
        };
    }

    /**
     * The documented arcs, supervisord's graph: the only moves the engine makes. A spawn always
     * enters STARTING, even one that fails at once (it then goes on to BACKOFF); an exit during
     * a shutdown or removal goes BACKOFF to STOPPED instead of retrying. An exit from RUNNING whose
     * restart the restart limit holds back goes EXITED to BACKOFF: it counts as a failed start.
     */
    public Set<ProcessState> successors() {
        return switch (this) {
            case STOPPED, FATAL -> EnumSet.of(STARTING);
            case EXITED -> EnumSet.of(STARTING, BACKOFF);
            case STARTING -> EnumSet.of(RUNNING, BACKOFF, STOPPING);
            case RUNNING -> EnumSet.of(STOPPING, EXITED);
            case BACKOFF -> EnumSet.of(STARTING, FATAL, STOPPED);
            case STOPPING -> EnumSet.of(STOPPED);
        };
    }

    public boolean canMoveTo(ProcessState next) {
        return successors().contains(next);
    }
}
