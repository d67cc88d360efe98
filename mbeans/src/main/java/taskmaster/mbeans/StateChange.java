package taskmaster.mbeans;

import java.util.List;

/**
 * The user data of the notification the daemon sends on every state change of a process (a
 * {@code jmx.attribute.change} of {@code State}, from the process's bean and from
 * {@code taskmaster:type=Supervisor}): a CompositeData of type {@link #TYPE} with these items.
 */
public final class StateChange {

    /** The CompositeType's name. */
    public static final String TYPE = "taskmaster.StateChange";
    /** The process, a string. */
    public static final String PROCESS = "process";
    /** Its program, a string. */
    public static final String PROGRAM = "program";
    /** The state before, a {@link ProcessState}'s name. */
    public static final String OLD_STATE = "oldState";
    /** The state after, a {@link ProcessState}'s name. */
    public static final String NEW_STATE = "newState";
    /** Its pid, a long: 0 when not running. */
    public static final String PID = "pid";
    /** Its last exit code, an int: -1 when none, or when killed by a signal. */
    public static final String EXIT_STATUS = "exitStatus";
    /** When, a long in epoch ms. */
    public static final String TIME = "time";
    /** Every item, in the CompositeType's order. */
    public static final List<String> ITEMS = List.of(PROCESS, PROGRAM, OLD_STATE, NEW_STATE, PID, EXIT_STATUS, TIME);

    private StateChange() {}
}
