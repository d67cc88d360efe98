package taskmaster.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import taskmaster.ctl.Supervisor.Diff;
import taskmaster.ctl.Supervisor.Proc;
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
            next update or reload. Prints supervisorctl's lines, removed programs first, then
            changed, then added: 'name: stopped' and 'name: removed process group';
            'name: stopped' and 'name: updated process group' ('stopped' only when its
            processes were restarted: a change that needs no restart, like startretries, leaves
            them running); 'name: added process group'. Nothing when nothing changed.
            'ERROR: no such group: name' (exit code 1) for a name neither configured nor in the
            files. Errors in the files: 'ERROR: CANT_REREAD: ...', nothing applied, exit 1.\
            """ : """
                Reads the files and applies them at once, as SIGHUP does: added programs start,
                changed ones restart, removed ones stop; the others keep running untouched.
                Prints what update prints ('No config updates to processes' when nothing changed).
                Not supervisorctl's reload, which restarts the whole daemon.
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
        List<Proc> before = ctx.supervisor().processes();
        int code = Exit.OK;
        Diff applied;
        if (update) {
            Diff preview = ctx.supervisor().reread();
            if (RereadCommand.printErrors(preview, ctx)) {
                return Exit.FAILED;
            }
            // supervisorctl's do_update: a name must be a group in force or one the files add
            Set<String> known = new HashSet<>(preview.added());
            before.forEach(p -> {
                known.add(p.group());
                known.add(p.program());
            });
            List<String> valid = new ArrayList<>();
            for (String n : names) {
                if (known.contains(n)) {
                    valid.add(n);
                } else {
                    ctx.out().println("ERROR: no such group: " + n);
                    code = Exit.FAILED;
                }
            }
            if (preview.empty() || !names.isEmpty() && valid.isEmpty()) {
                return code;
            }
            applied = names.isEmpty()
                    ? ctx.supervisor().reload()
                    : ctx.supervisor().update(valid);
        } else {
            applied = ctx.supervisor().reload();
        }
        if (RereadCommand.printErrors(applied, ctx)) {
            return Exit.FAILED;
        }
        Set<String> restartedPrograms = new HashSet<>();
        for (Proc p : before) {
            if (applied.restarted().contains(p.name())) {
                restartedPrograms.add(p.program());
            }
        }
        for (String n : sorted(applied.removed())) {
            ctx.out().println(n + ": stopped");
            ctx.out().println(n + ": removed process group");
        }
        for (String n : sorted(applied.changed())) {
            if (restartedPrograms.contains(n)) {
                ctx.out().println(n + ": stopped");
            }
            ctx.out().println(n + ": updated process group");
        }
        for (String n : sorted(applied.added())) {
            ctx.out().println(n + ": added process group");
        }
        if (!update && applied.empty()) {
            ctx.out().println("No config updates to processes");
        }
        // The scale overrides the files ended (their numprocs changed): after supervisorctl's lines.
        applied.notes().forEach(ctx.out()::println);
        return code;
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
