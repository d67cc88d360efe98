package taskmaster.mbeans;

/**
 * What one process costs, as {@code taskmaster:type=Supervisor} lists them in its {@code Resources}
 * attribute (a CompositeData over JMX): one read gives every process, for {@code taskmasterctl top}
 * and the tools that want them all at once. The figures cover the process and everything it forked
 * (its process group); they are those of the last sample, never read from the system on the call.
 * A figure that could not be read is -1; a process that does not run has 0 in every figure but its
 * output byte counts.
 *
 * @param name             the process name
 * @param program          the program it belongs to
 * @param pid              its pid, 0 when not running
 * @param sampledAt        when its figures were sampled, epoch ms (0: not sampled since it started)
 * @param cpuUserSeconds   user CPU time of its group, in seconds
 * @param cpuSystemSeconds system CPU time of its group, in seconds
 * @param cpuPercent       CPU over the last sampling interval in percent of one core (200: two cores busy); -1 before
 *                         two samples
 * @param memoryRss        resident memory of its group, in bytes
 * @param memoryPss        proportional set size of its group (shared pages divided among their users), in bytes
 * @param threads          threads of its group
 * @param openFiles        open file descriptors of its group
 * @param ioReadBytes      bytes its group read from storage
 * @param ioWriteBytes     bytes its group wrote to storage
 * @param processCount     processes in its group
 * @param stdoutBytes      bytes of stdout the daemon captured from it since the daemon started
 * @param stderrBytes      bytes of stderr the daemon captured from it since the daemon started
 */
public record ResourceInfo(
        String name,
        String program,
        long pid,
        long sampledAt,
        double cpuUserSeconds,
        double cpuSystemSeconds,
        double cpuPercent,
        long memoryRss,
        long memoryPss,
        int threads,
        int openFiles,
        long ioReadBytes,
        long ioWriteBytes,
        int processCount,
        long stdoutBytes,
        long stderrBytes) {}
