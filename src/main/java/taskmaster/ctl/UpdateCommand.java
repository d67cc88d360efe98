package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Diff;
import taskmaster.mbeans.ProcessNames;

/**
 * {@code update [name...]} and {@code reload}: apply the configuration files (the daemon's
 * {@code reload()}, the same as SIGHUP): added programs start, changed ones restart, removed ones
 * stop, the others are left alone. {@code update NAME...} applies them to the named programs or
 * groups only (the daemon's {@code update(names)}); the others keep their configuration until the
 * next update or reload.
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
        return update
                ? "apply the changes of the configuration files (see reread)"
                : "apply the configuration files, the same as SIGHUP";
    }

    @Override
    public String details() {
        return update ? """
            Rereads the files and applies the diff: added programs start, changed ones restart,
            removed ones stop; the others keep running untouched. With names (programs or
            groups), only those take their new configuration, the others keep theirs until the
            next update or reload (exit code 4 for a name neither configured nor in the files).
            Errors in the files: 'ERROR: CANT_REREAD: ...', nothing applied, exit 1.\
            """ : """
                Reads the files and applies them at once, as SIGHUP does: added programs start,
                changed ones restart, removed ones stop; the others keep running untouched.
                Errors in the files: 'ERROR: CANT_REREAD: ...', nothing applied, exit 1.\
                """;
    }

    @Override
    public Args args() {
        return update ? Args.PROGRAMS : Args.NONE;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        List<String> names = ProcessNames.split(args).stream()
                .filter(n -> !n.equals(ProcessNames.ALL))
                .toList();
        if (!update && !args.isEmpty()) {
            throw Command.usage(this);
        }
        if (update) {
            Diff preview = ctx.supervisor().reread();
            if (RereadCommand.printErrors(preview, ctx)) {
                return Exit.FAILED;
            }
            if (preview.empty()) {
                ctx.out().println("No config updates to processes");
                return Exit.OK;
            }
        }
        Diff applied = update && !names.isEmpty()
                ? ctx.supervisor().update(names)
                : ctx.supervisor().reload();
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
}
