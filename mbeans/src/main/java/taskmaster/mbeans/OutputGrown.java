package taskmaster.mbeans;

import java.util.List;

/**
 * The user data of the {@link #NOTIFICATION} a process's bean sends when the output the daemon
 * captured of one of its streams grew: a CompositeData of type {@link #TYPE} with these items.
 * Coalesced: at most one per process and stream every quarter of a second, however much was
 * written, so a follower reads the log when told rather than polling it. The bytes are the
 * stream's cumulative count (every run of the process), not an offset in its log file.
 */
public final class OutputGrown {

    /** The notification's type. */
    public static final String NOTIFICATION = "taskmaster.process.output";
    /** The CompositeType's name. */
    public static final String TYPE = "taskmaster.OutputGrown";
    /** The process, a string. */
    public static final String PROCESS = "process";
    /** Which stream grew, a string: {@code stdout} or {@code stderr}. */
    public static final String STREAM = "stream";
    /** The bytes captured of that stream so far, a long. */
    public static final String BYTES = "bytes";
    /** When the growth was seen, a long in epoch ms. */
    public static final String TIME = "time";
    /** Every item, in the CompositeType's order. */
    public static final List<String> ITEMS = List.of(PROCESS, STREAM, BYTES, TIME);

    private OutputGrown() {}
}
