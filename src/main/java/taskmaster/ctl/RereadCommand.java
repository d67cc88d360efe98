package taskmaster.ctl;

import java.util.List;
import java.util.TreeMap;
import taskmaster.ctl.Supervisor.Diff;

/** {@code reread}: what the configuration files would change, applying nothing. */
final class RereadCommand implements Command {

    @Override
    public String name() {
        return "reread";
    }

    @Override
    public String usage() {
        return "reread";
    }

    @Override
    public String summary() {
        return "show what the configuration files would change (applies nothing)";
    }

    @Override
    public String details() {
        return """
            One line a program: 'name: available' (new), 'name: changed', 'name: disappeared',
            or 'No config updates to processes'; then a line for each scale override in force,
            with the files' numprocs ('web: scaled to 5 processes (the files say numprocs = 2)...').
            Errors in the files: 'ERROR: CANT_REREAD: ...' and exit code 1.\
            """;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (!args.isEmpty()) {
            throw Command.usage(this);
        }
        Diff d = ctx.supervisor().reread();
        if (printErrors(d, ctx)) {
            return Exit.FAILED;
        }
        if (d.empty()) {
            ctx.out().println("No config updates to processes");
        } else {
            TreeMap<String, String> lines = new TreeMap<>();
            d.added().forEach(n -> lines.put(n, "available"));
            d.changed().forEach(n -> lines.put(n, "changed"));
            d.removed().forEach(n -> lines.put(n, "disappeared"));
            lines.forEach((n, what) -> ctx.out().println(n + ": " + what));
        }
        d.notes().forEach(ctx.out()::println);
        return Exit.OK;
    }

    /** Prints the configuration errors of a diff, if any; whether there were. */
    static boolean printErrors(Diff d, Context ctx) {
        d.errors().forEach(e -> ctx.out().println("ERROR: CANT_REREAD: " + e));
        return !d.errors().isEmpty();
    }
}
