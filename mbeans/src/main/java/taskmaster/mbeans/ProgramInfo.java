package taskmaster.mbeans;

/**
 * One program and its settings (read-only), as {@code taskmaster:type=Supervisor} lists them.
 *
 * @param name         the program (section) name
 * @param group        its group
 * @param command      its command line as written
 * @param numprocs     how many processes it runs
 * @param running      how many of them are RUNNING
 * @param state        the aggregate state (see {@link ProgramMXBean#getState()})
 * @param priority     start order (lower first)
 * @param autostart    whether it starts with the daemon
 * @param autorestart  {@code true}, {@code false} or {@code unexpected}
 * @param exitCodes    the expected exit codes
 * @param startSeconds seconds it must stay up to count as started
 * @param startRetries failed starts retried before FATAL
 * @param stopSignal   the stop signal ({@code TERM})
 * @param stopSeconds  seconds between the stop signal and SIGKILL
 * @param workingDir   its working directory, empty for the daemon's
 * @param user         the account it runs as, empty for the daemon's
 * @param fileNumprocs its numprocs as the files say; another than {@code numprocs} while an
 *                     operator's scale override holds
 */
public record ProgramInfo(
        String name,
        String group,
        String command,
        int numprocs,
        int running,
        ProcessState state,
        int priority,
        boolean autostart,
        String autorestart,
        java.util.List<Integer> exitCodes,
        int startSeconds,
        int startRetries,
        String stopSignal,
        int stopSeconds,
        String workingDir,
        String user,
        int fileNumprocs) {}
