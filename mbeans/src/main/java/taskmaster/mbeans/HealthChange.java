package taskmaster.mbeans;

import java.util.List;

/**
 * The user data of the notification the daemon sends each time a process's {@link Health} changes
 * (a {@code jmx.attribute.change} of {@code Health}, from the process's bean and from
 * {@code taskmaster:type=Supervisor}): a CompositeData of type {@link #TYPE} with these items.
 * Tell it from a {@link StateChange} by the notification's attribute name.
 */
public final class HealthChange {

    /** The CompositeType's name. */
    public static final String TYPE = "taskmaster.HealthChange";
    /** The process, a string. */
    public static final String PROCESS = "process";
    /** Its program, a string. */
    public static final String PROGRAM = "program";
    /** The health before, a {@link Health}'s name. */
    public static final String OLD_HEALTH = "oldHealth";
    /** The health after, a {@link Health}'s name. */
    public static final String NEW_HEALTH = "newHealth";
    /** What the last check said, a string (empty before any). */
    public static final String MESSAGE = "message";
    /** Failed checks in a row, an int. */
    public static final String FAILURES = "failures";
    /** When, a long in epoch ms. */
    public static final String TIME = "time";
    /** Every item, in the CompositeType's order. */
    public static final List<String> ITEMS = List.of(PROCESS, PROGRAM, OLD_HEALTH, NEW_HEALTH, MESSAGE, FAILURES, TIME);

    private HealthChange() {}
}
