package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;

/**
 * {@code rotate <name|all>...} and {@code clear <name|all>...}: one line a process,
 * {@code web: rotated}, {@code web: cleared}.
 */
final class LogsCommand implements Command {

    private final boolean clear;

    LogsCommand(boolean clear) {
        this.clear = clear;
    }

    @Override
    public String name() {
        return clear ? "clear" : "rotate";
    }

    @Override
    public String usage() {
        return name() + " <name|group:*|all>...";
    }

    @Override
    public String summary() {
        return clear ? "empty the log files of processes (backups deleted)" : "rotate the log files of processes now";
    }

    @Override
    public String details() {
        return (clear ? """
            Truncates each process's current stdout and stderr log files and deletes their
            backups (file.1 ...). Streams not captured to a file are left alone.\
            """ : """
                Each process's current stdout and stderr log files become file.1 (file.1 becomes
                file.2 ... up to the backups kept) and new files start, whatever their size.\
                """) + """

            Exit code: 0, 1 when a file could not be changed or a name is unknown (supervisorctl's).\
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
            ctx.out().println("Error: " + name() + " requires a process name");
            ctx.out().println(usage());
            return Exit.FAILED;
        }
        List<Proc> processes = ctx.supervisor().processes();
        OutcomeLines lines = new OutcomeLines(processes);
        ExitStatus status = new ExitStatus();
        // supervisorctl's do_clear: each name in turn; all alone when it is among them
        for (String name : names.contains(ProcessNames.ALL) ? List.of(ProcessNames.ALL) : names) {
            List<Outcome> outcomes;
            try {
                outcomes = ctx.supervisor().logs(clear ? "clearLogs" : "rotate", List.of(name));
            } catch (CtlException e) {
                if (!e.is(Fault.BAD_NAME)) {
                    throw e;
                }
                ctx.out().println(name + ": ERROR (no such process)");
                status.fault(Fault.BAD_NAME.name(), null);
                continue;
            }
            for (Outcome o : outcomes) {
                ctx.out().println(lines.line(o, clear ? "cleared" : "rotated"));
                status.fault(o.fault(), null);
            }
        }
        return status.code();
    }
}
