package taskmaster.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive mode: a {@code taskmaster>} prompt with line editing, history kept in a file,
 * and completion of commands, names and signals (JLine 3). Runs {@code status} first, as
 * supervisorctl does. Ctrl-C interrupts the running command ({@code events}) or clears the line;
 * Ctrl-D, {@code quit} or {@code exit} leave.
 */
public final class Console {

    public static final String PROMPT = "taskmaster> ";

    private final Terminal terminal;
    private final Path history;
    private final Commands commands;
    private final Supervisor supervisor;

    /**
     * @param supervisor the daemon; null when it could not be found (commands then say why)
     */
    public Console(Terminal terminal, Path history, Commands commands, Supervisor supervisor) {
        this.terminal = terminal;
        this.history = history;
        this.commands = commands;
        this.supervisor = supervisor;
    }

    /** Reads and runs commands until Ctrl-D, quit or exit; returns 0 (failures are shown, not returned). */
    public int run() {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("taskmasterctl")
                .completer(new NameCompleter(commands, supervisor))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        PrintWriter out = terminal.writer();
        Context ctx = new Context(out, out, supervisor, true, q -> confirm(reader, q), commands, () -> line(reader));
        if (supervisor != null) {
            commands.execute(List.of("status"), ctx);
        }
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    out.println();
                    break;
                }
                List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.getFirst().equals("quit") || words.getFirst().equals("exit")) {
                    break;
                }
                runInterruptibly(words, ctx);
            }
        } finally {
            out.flush();
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                terminal.writer().println("warning: could not save the history to " + history + ": " + e.getMessage());
            }
        }
        return Exit.OK;
    }

    /** Runs a command with Ctrl-C interrupting it rather than the console. */
    private void runInterruptibly(List<String> words, Context ctx) {
        Thread self = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> self.interrupt());
        try {
            if (supervisor == null && !words.getFirst().equals("help")) {
                ctx.err().println("no daemon to talk to (see the error above); only help works");
                return;
            }
            commands.execute(words, ctx);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted();
        }
    }

    /** A line typed for {@code fg}; null on Ctrl-C or Ctrl-D. */
    private static String line(LineReader reader) {
        try {
            return reader.readLine("");
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    private static boolean confirm(LineReader reader, String question) {
        try {
            String answer = reader.readLine(question).strip().toLowerCase(java.util.Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }
}
