package taskmaster.ctl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * {@code top} on a terminal: the alternate screen, raw mode for single keys, the table redrawn in
 * place (cursor home, each line cleared to its end, the rest of the screen cleared) every
 * {@code interval} and at once after a sort key; {@code q} (or Ctrl-C, or the end of input)
 * leaves, and the terminal is given back as it was found.
 */
final class TopView {

    /** Where the figures come from: one request a call. */
    @FunctionalInterface
    interface Source {
        TopSnapshot fetch() throws CtlException;
    }

    private static final int CTRL_C = 3;
    private static final long SLICE_MS = 100;

    private final Terminal terminal;
    private final Source source;
    private final Duration interval;
    private TopTable.Sort sort;
    private volatile boolean quit;

    TopView(Terminal terminal, Source source, Duration interval, TopTable.Sort sort) {
        this.terminal = terminal;
        this.source = source;
        this.interval = interval;
        this.sort = sort;
    }

    /** Runs until {@code q}, Ctrl-C, the end of input or an interrupt; a failed read ends it too, with its error. */
    void run() throws CtlException {
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> quit = true);
        // A SIGTERM or SIGHUP ends the JVM without the finally below: the screen and the modes are given back all the
        // same.
        Thread restore = new Thread(() -> giveBack(saved), "taskmasterctl-top-restore");
        boolean hooked = false;
        try {
            Runtime.getRuntime().addShutdownHook(restore);
            hooked = true;
        } catch (IllegalStateException shuttingDown) {
            // the JVM is going: nothing to hook
        }
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        try {
            NonBlockingReader keys = terminal.reader();
            TopSnapshot shown = source.fetch();
            draw(shown);
            long next = System.nanoTime() + interval.toNanos();
            while (!quit && !Thread.currentThread().isInterrupted()) {
                // in slices, so that a Ctrl-C (a signal, seen as quit) ends the view within one
                long wait = Math.min(SLICE_MS, Math.max(1, (next - System.nanoTime()) / 1_000_000));
                int key;
                try {
                    key = keys.read(wait);
                } catch (InterruptedIOException e) {
                    break;
                } catch (IOException e) {
                    break;
                }
                if (key == NonBlockingReader.READ_EXPIRED && System.nanoTime() < next) {
                    continue;
                }
                if (key == NonBlockingReader.READ_EXPIRED) {
                    shown = source.fetch();
                    draw(shown);
                    next = System.nanoTime() + interval.toNanos();
                } else if (key == NonBlockingReader.EOF || key == 'q' || key == 'Q' || key == CTRL_C) {
                    quit = true;
                } else {
                    TopTable.Sort chosen =
                            TopTable.Sort.ofKey(Character.toLowerCase(key)).orElse(null);
                    if (chosen != null && chosen != sort) {
                        sort = chosen;
                        draw(shown);
                    }
                }
            }
        } finally {
            giveBack(saved);
            terminal.handle(Terminal.Signal.INT, previous);
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway; giving back twice is harmless
                }
            }
        }
    }

    /** The cursor shown, the normal screen back, the modes as they were. */
    private void giveBack(Attributes saved) {
        terminal.puts(Capability.cursor_visible);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        terminal.setAttributes(saved);
    }

    TopTable.Sort sort() {
        return sort;
    }

    /** One frame: cursor home, each line cut to the width and cleared to its end, the rest cleared. */
    private void draw(TopSnapshot s) {
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80;
        int height = terminal.getHeight() > 0 ? terminal.getHeight() : 24;
        List<String> lines = TopTable.lines(s, sort, (int) Math.max(1, interval.toSeconds()));
        PrintWriter w = terminal.writer();
        terminal.puts(Capability.cursor_home);
        int shown = 0;
        for (String line : lines) {
            if (shown == height - 1) {
                break; // the last line stays empty, so that the screen never scrolls
            }
            w.print(line.length() > width - 1 ? line.substring(0, width - 1) : line);
            terminal.puts(Capability.clr_eol);
            w.print("\r\n");
            shown++;
        }
        String footer = "q quits; sort: " + TopTable.Sort.words();
        w.print(footer.length() > width - 1 ? footer.substring(0, width - 1) : footer);
        terminal.puts(Capability.clr_eos);
        terminal.flush();
    }
}
