package taskmaster.mbeans;

import java.util.List;

/**
 * The user data of the {@link #NOTIFICATION} the daemon sends, from the process's bean and from
 * {@code taskmaster:type=Supervisor}, when a process is restarted for staying over a usage limit
 * ({@code memory_limit}, {@code cpu_limit}) for its {@code limit_window}: a CompositeData of type
 * {@link #TYPE} with these items.
 */
public final class LimitExceeded {

    /** The notification's type. */
    public static final String NOTIFICATION = "taskmaster.process.limit";
    /** The CompositeType's name. */
    public static final String TYPE = "taskmaster.LimitExceeded";
    /** The process, a string. */
    public static final String PROCESS = "process";
    /** Its pid when it was over the limit, a long. */
    public static final String PID = "pid";
    /** Which limit, a string: {@code memory} or {@code cpu}. */
    public static final String KIND = "kind";
    /** What the last sample found, a double: bytes of RSS, or percent of one core. */
    public static final String VALUE = "value";
    /** The limit, a double: bytes, or percent of one core. */
    public static final String LIMIT = "limit";
    /** Samples in a row over it, an int. */
    public static final String SAMPLES = "samples";
    /** When, a long in epoch ms. */
    public static final String TIME = "time";
    /** Every item, in the CompositeType's order. */
    public static final List<String> ITEMS = List.of(PROCESS, PID, KIND, VALUE, LIMIT, SAMPLES, TIME);

    private LimitExceeded() {}
}
