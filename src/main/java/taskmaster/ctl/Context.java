package taskmaster.ctl;

import java.io.PrintWriter;

/**
 * What a command runs with: its output streams, the daemon, and whether a person is at a prompt.
 *
 * @param confirm asks a yes/no question; one-shot mode answers yes without asking
 */
public record Context(PrintWriter out, PrintWriter err, Supervisor supervisor, boolean interactive, Confirm confirm,
                      Commands commands) {

    @FunctionalInterface
    public interface Confirm {
        boolean ask(String question);
    }
}
