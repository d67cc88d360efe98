package taskmaster.ctl;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code top [-d SECONDS] [--sort KEY]}: what each process costs, live. On a terminal (the
 * console's, or taskmasterctl's own when its output is one) a {@link TopView} redrawn in place;
 * otherwise the table once, like {@code top -b -n 1}. Every refresh is one read of the
 * Supervisor's {@code Processes} and {@code Resources} and its totals.
 */
final class TopCommand implements Command {

    static final int DEFAULT_INTERVAL = 2;

    @Override
    public String name() {
        return "top";
    }

    @Override
    public String usage() {
        return "top [-d SECONDS] [--sort KEY]";
    }

    @Override
    public String summary() {
        return "live table of what each process costs: CPU, memory, threads, fds";
    }

    @Override
    public String details() {
        return """
            Columns: NAME STATE PID CPU% (of one core, over the daemon's last sampling interval)
            RSS (of the process group) THR FDS RESTARTS UPTIME; '-' for a process that does not
            run, '?' for a figure not sampled yet. The processes that run come first, in the order
            of the sort key: c cpu (the default), m memory, n name, r restarts, t threads.
            On a terminal it redraws every -d SECONDS (default 2) and at once after a key; q
            leaves. When the output is not a terminal it prints the table once and exits 0.\
            """;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        int interval = DEFAULT_INTERVAL;
        TopTable.Sort sort = TopTable.Sort.CPU;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-d") && i + 1 < args.size()) {
                try {
                    interval = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    throw Command.usage(this);
                }
                if (interval < 1 || interval > 3600) {
                    throw new CtlException(CtlException.USAGE, "ERROR: -d " + interval + ": from 1 to 3600 seconds");
                }
            } else if (a.equals("--sort") && i + 1 < args.size()) {
                String word = args.get(++i);
                sort = TopTable.Sort.parse(word)
                        .orElseThrow(() -> new CtlException(
                                CtlException.USAGE,
                                "ERROR: --sort " + word + ": not a sort key (" + TopTable.Sort.words() + ")"));
            } else {
                throw Command.usage(this);
            }
        }
        JolokiaClient client = ctx.supervisor().client();
        TopView.Source source = () -> TopSnapshot.read(client);
        Terminal console = ctx.terminal();
        if (console != null && !dumb(console)) {
            new TopView(console, source, Duration.ofSeconds(interval), sort).run();
            return Exit.OK;
        }
        if (!ctx.interactive() && System.console() != null && System.console().isTerminal()) {
            try (Terminal own = TerminalBuilder.builder()
                    .name("taskmasterctl")
                    .system(true)
                    .nativeSignals(true)
                    .build()) {
                if (!dumb(own)) {
                    ctx.out().flush();
                    new TopView(own, source, Duration.ofSeconds(interval), sort).run();
                    return Exit.OK;
                }
            } catch (IOException e) {
                // no usable terminal after all: the table once
            }
        }
        for (String line : TopTable.lines(source.fetch(), sort, interval)) {
            ctx.out().println(line);
        }
        ctx.out().flush();
        return Exit.OK;
    }

    /** A terminal that cannot move its cursor gets the table once, as a pipe does. */
    private static boolean dumb(Terminal t) {
        return Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType());
    }
}
