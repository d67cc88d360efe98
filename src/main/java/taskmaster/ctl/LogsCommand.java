package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
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

            Exit code: 0, 1 when a file could not be changed, 4 for an unknown name.\
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
            throw Command.usage(this);
        }
        List<Outcome> outcomes = OutcomeLines.badNameAware(
                ctx, names, () -> ctx.supervisor().logs(clear ? "clearLogs" : "rotate", names));
        if (outcomes == null) {
            return Exit.BAD_NAME;
        }
        int code = Exit.OK;
        for (Outcome o : outcomes) {
            ctx.out().println(OutcomeLines.line(o));
            if (!o.ok()) {
                code = Exit.FAILED;
            }
        }
        return code;
    }
}
