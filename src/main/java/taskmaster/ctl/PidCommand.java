package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.ProcessNames;

/** {@code pid [name|all]}: the daemon's pid, or the pids of processes (0 when not running). */
final class PidCommand implements Command {

    @Override
    public String name() {
        return "pid";
    }

    @Override
    public String usage() {
        return "pid [name|group:*|all]...";
    }

    @Override
    public String summary() {
        return "print the daemon's pid, or those of processes";
    }

    @Override
    public String details() {
        return """
            Without a name: the daemon's pid. With names: one pid a line, 0 for a process
            that is not running (exit code 3 then); exit code 4 for an unknown name.\
            """;
    }

    @Override
    public Args args() {
        return Args.NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        List<String> names = ProcessNames.split(args);
        if (names.isEmpty()) {
            ctx.out().println(ctx.supervisor().pid());
            return Exit.OK;
        }
        Names.Selection sel = Names.select(ctx.supervisor().processes(), names);
        int code = Exit.OK;
        for (Proc p : sel.processes()) {
            ctx.out().println(p.pid());
            if (p.pid() == 0) {
                code = Exit.NOT_RUNNING;
            }
        }
        for (String u : sel.unknown()) {
            ctx.out().println(u + ": ERROR (no such process)");
            code = Exit.BAD_NAME;
        }
        return code;
    }
}
