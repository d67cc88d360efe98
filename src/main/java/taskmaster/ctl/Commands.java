package taskmaster.ctl;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of commands, and the one place where a command's failure becomes a printed error and
 * an exit code.
 */
public final class Commands {

    private final Map<String, Command> table = new LinkedHashMap<>();

    public Commands() {
        for (Command c : List.of(
                new StatusCommand(),
                new ControlCommand("start", "start processes and wait until they run"),
                new ControlCommand("stop", "stop processes and wait until they are down"),
                new ControlCommand("restart", "stop then start processes (does not reread the files)"),
                new SignalCommand(),
                new ForgetCommand(),
                new ScaleCommand(),
                new PidCommand(),
                new AvailCommand(),
                new ListCommand(),
                new RereadCommand(),
                new UpdateCommand(true),
                new UpdateCommand(false),
                new GroupCommand(true),
                new GroupCommand(false),
                new ShutdownCommand(),
                new VersionCommand(),
                new TailCommand(false),
                new TailCommand(true),
                new FgCommand(),
                new LogsCommand(false),
                new LogsCommand(true),
                new EventsCommand(),
                new TopCommand(),
                new HelpCommand())) {
            table.put(c.name(), c);
        }
    }

    public Command find(String name) {
        return table.get(name);
    }

    public List<Command> all() {
        return List.copyOf(table.values());
    }

    /** The command list, for {@code help} and {@code --help}. */
    public String overview(boolean interactive) {
        StringBuilder b = new StringBuilder("commands:\n");
        for (Command c : table.values()) {
            b.append("  %-46s %s%n".formatted(c.usage(), c.summary()));
        }
        if (interactive) {
            b.append("  %-46s %s%n".formatted("quit, exit, Ctrl-D", "leave"));
        }
        b.append("names: a process, a program (all its processes), group:* or group:name, all;"
                + " several may be given.\n");
        return b.toString();
    }

    /** Runs one command line (already split into words); prints failures to {@code ctx.err()}. */
    public int execute(List<String> words, Context ctx) {
        Command c = find(words.getFirst());
        if (c == null) {
            ctx.err().println("*** Unknown syntax: " + String.join(" ", words) + " (try help)");
            ctx.err().flush();
            return Exit.USAGE;
        }
        try {
            return c.run(words.subList(1, words.size()), ctx);
        } catch (CtlException e) {
            PrintWriter err = ctx.err();
            String m = e.getMessage();
            err.println(e.bare() ? m : "ERROR: " + m);
            return e.exitCode();
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }
}
