package taskmaster.ctl;

/**
 * taskmasterctl's exit codes, as {@code --help} and the README list them: supervisorctl 4.2's for
 * the verbs they share (see {@link ExitStatus}), and taskmasterctl's own for what supervisorctl
 * has no code of (8).
 */
public final class Exit {
    /** Everything asked was done. */
    public static final int OK = 0;
    /** An operation failed (timeout, refused by the daemon, ...) or, outside status, a name is unknown. */
    public static final int FAILED = 1;
    /** Bad usage: unknown command or option, missing argument, bad signal name. */
    public static final int USAGE = 2;
    /** {@code status} found a process STOPPED, EXITED or FATAL (supervisord's stopped states). */
    public static final int NOT_RUNNING = 3;
    /** {@code status}: a name is not a process, program or group the daemon knows. */
    public static final int BAD_NAME = 4;
    /** The daemon could not be reached (nothing listening, refused credentials, TLS). */
    public static final int UNREACHABLE = 7;
    /**
     * LSB's "program is not running", supervisorctl's code for a spawn error, an abnormal
     * termination, a signal to a process that is not running and the pid of one: the same number
     * as {@link #UNREACHABLE}, as supervisorctl also answers 7 when its socket is missing.
     */
    public static final int PROGRAM_NOT_RUNNING = 7;
    /**
     * The daemon reached, found through a configuration file ({@code -c} or the default one),
     * serves another configuration file: nothing was done ({@code -s URL} drives it anyway).
     */
    public static final int OTHER_DAEMON = 8;

    private Exit() {}

    /** The worse of two codes: the higher, except that 0 never wins. */
    static int worst(int a, int b) {
        return Math.max(a, b);
    }
}
