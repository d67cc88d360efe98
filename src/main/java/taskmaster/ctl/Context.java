package taskmaster.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import org.jline.terminal.Terminal;

/**
 * What a command runs with: its output streams, the daemon, whether a person is at a prompt, and
 * the lines the user types ({@code fg}).
 *
 * @param confirm asks a yes/no question; one-shot mode answers yes without asking
 * @param input   the user's lines: the prompt's line reader, or taskmasterctl's stdin one-shot
 * @param terminal the console's terminal, which a full-screen command ({@code top}) may take over
 *                 while it runs; null one-shot
 */
public record Context(
        PrintWriter out,
        PrintWriter err,
        Supervisor supervisor,
        boolean interactive,
        Confirm confirm,
        Commands commands,
        Input input,
        Terminal terminal) {

    public Context(
            PrintWriter out,
            PrintWriter err,
            Supervisor supervisor,
            boolean interactive,
            Confirm confirm,
            Commands commands,
            Input input) {
        this(out, err, supervisor, interactive, confirm, commands, input, null);
    }

    /** A context without input: {@code fg} sees the end of its input at once. */
    public Context(
            PrintWriter out,
            PrintWriter err,
            Supervisor supervisor,
            boolean interactive,
            Confirm confirm,
            Commands commands) {
        this(out, err, supervisor, interactive, confirm, commands, () -> null, null);
    }

    @FunctionalInterface
    public interface Confirm {
        boolean ask(String question);
    }

    /** The user's input, line by line. */
    @FunctionalInterface
    public interface Input {
        /** The next line without its newline; null at the end (Ctrl-D) or when the user pressed Ctrl-C. */
        String readLine() throws IOException;
    }
}
