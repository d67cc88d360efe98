package taskmaster.output;

/**
 * The bytes of output the daemon captured from one process name since the daemon started, every
 * run of it together, as read from its pipes (before any timestamp is added). A discarded stream
 * has no pipe and counts nothing; stderr merged into stdout ({@code redirect_stderr}) counts as
 * stdout.
 */
public record OutputCounts(long stdout, long stderr) {
    public static final OutputCounts NONE = new OutputCounts(0, 0);
}
