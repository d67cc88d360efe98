package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.ProcessNames;

/** {@code pid [name|all]}: the daemon's pid, or the pids of processes (0 when not running), as supervisorctl. */
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
            Without a name: the daemon's pid. 'all': every process's pid, one a line (exit code 0).
            With names: one pid a line, 0 for a process that is not running (exit code 7, as
            supervisorctl); 'No such process NAME' and exit code 1 for an unknown name.
            A group:* or a program gives the pids of its processes.\\
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
        List<Proc> all = new ArrayList<>(ctx.supervisor().processes());
        all.sort(Namespec.LEXICAL);
        if (names.contains(ProcessNames.ALL)) {
            all.forEach(p -> ctx.out().println(p.pid()));
            return Exit.OK;
        }
        int code = Exit.OK;
        for (String name : names) {
            List<Proc> found = ProcessNames.matching(all, Names::key, name);
            if (found.isEmpty()) {
                ctx.out().println("No such process " + name);
                code = Exit.FAILED;
            }
            for (Proc p : found) {
                ctx.out().println(p.pid());
                if (p.pid() == 0) {
                    code = Exit.PROGRAM_NOT_RUNNING;
                }
            }
        }
        return code;
    }
}
