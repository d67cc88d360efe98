package taskmaster.mbeans;

import java.util.List;

/**
 * The user data of a state-change notification. Each state change is an
 * {@code AttributeChangeNotification} (attribute {@code State}) on the process's bean and on the
 * Supervisor; its user data is a {@code CompositeData} of type {@link #TYPE} with these items, so
 * that a listener on the Supervisor learns which process moved without a further call.
 */
public final class StateChangeData {

    public static final String TYPE = "taskmaster.StateChange";
    /** The process (a string). */
    public static final String PROCESS = "process";
    /** Its program (a string). */
    public static final String PROGRAM = "program";
    /** The state before, a {@link ProcessState} name. */
    public static final String OLD_STATE = "oldState";
    /** The state after, a {@link ProcessState} name. */
    public static final String NEW_STATE = "newState";
    /** Its pid, 0 when not running (a long). */
    public static final String PID = "pid";
    /** Its last exit code, -1 when none or killed by a signal (an int). */
    public static final String EXIT_STATUS = "exitStatus";
    /** When, in epoch ms (a long). */
    public static final String TIME = "time";
    /** Every item, in the composite type's order. */
    public static final List<String> ITEMS = List.of(PROCESS, PROGRAM, OLD_STATE, NEW_STATE, PID, EXIT_STATUS, TIME);

    private StateChangeData() {
    }
}
