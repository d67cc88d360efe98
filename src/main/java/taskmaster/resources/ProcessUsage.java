package taskmaster.resources;

/**
 * What one process costs, as last sampled: the process and everything it forked (its session), or
 * the daemon itself. Counters are cumulative; {@code cpuPercent} is over the last sampling
 * interval. A figure that could not be read is -1.
 *
 * <p>The group is every process whose session (else process group) is the supervised pid: the
 * daemon starts each program in a session of its own, so only a child that called setsid itself
 * escapes. Its CPU is each member's own time plus that of the children it waited for, so what a
 * child used before it ended and was reaped stays counted; the CPU seconds of a group can still
 * fall when a member leaves it (then {@code cpuPercent} is 0 for that interval). RSS is the sum
 * of the members' (pages they share are counted once per member; PSS divides them). A figure read
 * for only some members (another user's, after a setuid exec) is the sum over those it could be
 * read for. Zombies count in the CPU time only. The daemon's own figures leave out the CPU of the
 * programs it reaped.
 *
 * @param name             the process name ({@code taskmasterd} for the daemon)
 * @param pid              the pid sampled; 0 when the process is not running (every figure is then 0)
 * @param sampledAt        when, in epoch ms; 0: never sampled
 * @param cpuUserSeconds   user CPU time of the group, in seconds
 * @param cpuSystemSeconds system CPU time of the group, in seconds
 * @param cpuPercent       CPU over the last interval in percent of one core (200 is two cores busy); -1 before two samples
 * @param rssBytes         resident memory of the group
 * @param pssBytes         proportional set size of the group (shared pages divided among their users); -1 when unreadable
 * @param threads          threads of the group
 * @param openFiles        open descriptors of the group; -1 when unreadable
 * @param readBytes        bytes the group read from storage ({@code /proc/PID/io}); -1 when unreadable
 * @param writeBytes       bytes the group wrote to storage; -1 when unreadable
 * @param processes        processes in the group
 * @param stdoutBytes      bytes of stdout the daemon captured from it since the daemon started
 * @param stderrBytes      bytes of stderr captured since the daemon started
 */
public record ProcessUsage(
        String name,
        long pid,
        long sampledAt,
        double cpuUserSeconds,
        double cpuSystemSeconds,
        double cpuPercent,
        long rssBytes,
        long pssBytes,
        int threads,
        int openFiles,
        long readBytes,
        long writeBytes,
        int processes,
        long stdoutBytes,
        long stderrBytes) {

    /** A process not running, or never sampled. */
    public static ProcessUsage none(String name) {
        return new ProcessUsage(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
