package taskmaster.engine;

import taskmaster.model.Signal;

/**
 * How a process ended: an exit code, or the number of the signal that killed it.
 *
 * @param code   the exit code, or -1 when killed by a signal
 * @param signal the killing signal's number, or 0 when it exited
 */
public record ExitStatus(int code, int signal) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(-1, signal);
    }

    public boolean bySignal() {
        return signal != 0;
    }

    /** {@code exit status 3} or {@code terminated by SIGKILL}, as supervisord words it. */
    public String describe() {
        if (!bySignal()) {
            return "exit status " + code;
        }
        return "terminated by " + Signal.byNumber(signal).map(Signal::fullName).orElse("signal " + signal);
    }
}
