package taskmaster.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * The interactive mode: a {@code taskmaster>} prompt with line editing, history kept in a file,
 * and completion of commands, names and signals (JLine 3). Runs {@code status} first, as
 * supervisorctl does. Ctrl-C interrupts the running command (one waiting for the daemon, or
 * {@code events}) and gives the prompt back within a second, or clears the line; Ctrl-D,
 * {@code quit} or {@code exit} leave. Only commands go into the history file.
 */
public final class Console {

    public static final String PROMPT = "taskmaster> ";
    /** Printed when Ctrl-C leaves behind a command that still waits for the daemon. */
    static final String ABANDONED = "interrupted; the operation goes on in the daemon";
    /** How long a command may take to end after Ctrl-C before the prompt comes back without it. */
    static final Duration GRACE = Duration.ofMillis(500);

    private static final Duration POLL = Duration.ofMillis(50);
    /** Input that arrives within this of the previous character is typed ahead too (a paste comes in bursts). */
    private static final Duration TYPED_AHEAD = Duration.ofMillis(20);

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
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("taskmasterctl")
                .completer(new NameCompleter(commands, supervisor))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        // What fg sends to a program and the answer to a confirmation are not commands: they go
        // through a reader of their own and never into the history file.
        LineReader plain = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("taskmasterctl")
                .variable(LineReader.DISABLE_HISTORY, true)
                .build();
        PrintWriter out = terminal.writer();
        if (supervisor != null) {
            runInterruptibly(List.of("status"), plain);
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
                List<String> words = reader.getParsedLine().words().stream()
                        .filter(w -> !w.isEmpty())
                        .toList();
                if (words.isEmpty()) {
                    continue;
                }
                if (words.getFirst().equals("quit") || words.getFirst().equals("exit")) {
                    break;
                }
                if (supervisor == null && !words.getFirst().equals("help")) {
                    out.println("no daemon to talk to (see the error above); only help works");
                    continue;
                }
                runInterruptibly(words, plain);
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

    /**
     * Runs a command on a thread of its own, with Ctrl-C interrupting it rather than the console.
     * The command's thread is virtual, so an interrupt also ends a wait for the daemon's answer at
     * once (its socket closes); should it not end within {@link #GRACE}, it is left behind, its
     * output and input cut off, and the prompt comes back all the same.
     */
    private void runInterruptibly(List<String> words, LineReader plain) {
        Gate gate = new Gate(terminal.writer());
        PrintWriter w = new PrintWriter(gate);
        Context ctx = new Context(
                w,
                w,
                supervisor,
                true,
                q -> gate.isOpen() && confirm(plain, q),
                commands,
                () -> gate.isOpen() ? line(plain) : null,
                terminal);
        AtomicBoolean ctrlC = new AtomicBoolean();
        Thread worker = Thread.ofVirtual().name("taskmasterctl-command").unstarted(() -> commands.execute(words, ctx));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> {
            ctrlC.set(true);
            worker.interrupt();
        });
        try {
            worker.start();
            while (!worker.join(POLL)) {
                if (ctrlC.get() && !worker.join(GRACE)) {
                    gate.close();
                    terminal.writer().println(ABANDONED);
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            terminal.writer().flush();
        }
    }

    /** A line typed for {@code fg}; null on Ctrl-C or Ctrl-D. */
    private static String line(LineReader plain) {
        try {
            return plain.readLine("");
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    /**
     * Asks a yes/no question. Only what is typed after the question appeared answers it: what was
     * typed ahead (a pasted {@code shutdown} and {@code y}) is dropped first.
     */
    private boolean confirm(LineReader plain, String question) {
        dropTypedAhead();
        try {
            String answer = plain.readLine(question).strip().toLowerCase(Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }

    private void dropTypedAhead() {
        NonBlockingReader in = terminal.reader();
        try {
            while (in.peek(TYPED_AHEAD.toMillis()) >= 0) {
                in.read();
            }
        } catch (IOException e) {
            // nothing more to drop
        }
    }

    /** A writer that can be cut off: the output of a command left behind after Ctrl-C goes nowhere. */
    private static final class Gate extends Writer {
        private final Writer to;
        private volatile boolean open = true;

        Gate(Writer to) {
            this.to = to;
        }

        boolean isOpen() {
            return open;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (open) {
                to.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (open) {
                to.flush();
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
