package taskmaster.ctl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import taskmaster.ctl.Supervisor.Diff;
import taskmaster.ctl.Supervisor.Prog;

/**
 * {@code update [name...]} and {@code reload}: apply the configuration files. The daemon applies a
 * configuration as a whole (its {@code reload()}, the same as SIGHUP): added programs start,
 * changed ones restart, removed ones stop, the others are left alone. {@code update} first shows
 * the diff and, given names, checks them; it still applies the whole diff, and says so when the
 * diff holds other programs.
 */
final class UpdateCommand implements Command {

    private final boolean update;

    UpdateCommand(boolean update) {
        this.update = update;
    }

    @Override
    public String name() {
        return update ? "update" : "reload";
    }

    @Override
    public String usage() {
        return update ? "update [name|all]..." : "reload";
    }

    @Override
    public String summary() {
        return update ? "apply the changes of the configuration files (see reread)"
                : "apply the configuration files, the same as SIGHUP";
    }

    @Override
    public String details() {
        return update ? """
                Rereads the files and applies the diff: added programs start, changed ones restart,
                removed ones stop; the others keep running untouched. The daemon applies a
                configuration as a whole: with names, update checks them (exit code 4 for one that
                is neither configured nor in the files) and tells which other programs the diff
                also changes. Errors in the files: 'ERROR: CANT_REREAD: ...', nothing applied, exit 1."""
                : """
                Reads the files and applies them at once, as SIGHUP does: added programs start,
                changed ones restart, removed ones stop; the others keep running untouched.
                Errors in the files: 'ERROR: CANT_REREAD: ...', nothing applied, exit 1.""";
    }

    @Override
    public Args args() {
        return update ? Args.PROGRAMS : Args.NONE;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        List<String> names = Names.split(args).stream().filter(n -> !n.equals("all")).toList();
        if (!update && !args.isEmpty()) {
            throw Command.usage(this);
        }
        if (update) {
            Diff preview = ctx.supervisor().reread();
            if (RereadCommand.printErrors(preview, ctx)) {
                return Exit.FAILED;
            }
            if (!names.isEmpty()) {
                Set<String> known = new LinkedHashSet<>(preview.added());
                for (Prog p : ctx.supervisor().programs()) {
                    known.add(p.name());
                    known.add(p.group());
                }
                List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
                if (!unknown.isEmpty()) {
                    unknown.forEach(n -> ctx.out().println("ERROR: no such group: " + n));
                    return Exit.BAD_NAME;
                }
                List<String> others = new ArrayList<>(touched(preview));
                others.removeAll(names);
                if (!others.isEmpty()) {
                    ctx.out().println("note: update applies the whole configuration; it also changes: "
                            + String.join(", ", others));
                }
            }
            if (preview.empty()) {
                ctx.out().println("No config updates to processes");
                return Exit.OK;
            }
        }
        Diff applied = ctx.supervisor().reload();
        if (RereadCommand.printErrors(applied, ctx)) {
            return Exit.FAILED;
        }
        applied.removed().forEach(n -> ctx.out().println(n + ": removed process group"));
        applied.changed().forEach(n -> ctx.out().println(n + ": updated process group"));
        applied.added().forEach(n -> ctx.out().println(n + ": added process group"));
        // a change that needs no restart (like startretries) leaves the process running
        applied.restarted().forEach(n -> ctx.out().println(n + ": restarted"));
        if (applied.empty()) {
            ctx.out().println("No config updates to processes");
        }
        return Exit.OK;
    }

    private static List<String> touched(Diff d) {
        List<String> all = new ArrayList<>(d.removed());
        all.addAll(d.changed());
        all.addAll(d.added());
        return all;
    }
}
