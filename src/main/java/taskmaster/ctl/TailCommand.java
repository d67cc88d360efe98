package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Log;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.OutputGrown;

/**
 * {@code tail [-f] [-BYTES] <name> [stdout|stderr]}: the end of a process's log file, as
 * supervisorctl's; and {@code maintail [-f] [-BYTES]}: the end of the daemon's event log.
 */
final class TailCommand implements Command {

    private final boolean main;

    TailCommand(boolean main) {
        this.main = main;
    }

    @Override
    public String name() {
        return main ? "maintail" : "tail";
    }

    @Override
    public String usage() {
        return main ? "maintail [-f] [-BYTES]" : "tail [-f] [-BYTES] <name> [stdout|stderr]";
    }

    @Override
    public String summary() {
        return main ? "the end of the daemon's event log; -f follows it" : "the end of a process's log; -f follows it";
    }

    @Override
    public String details() {
        return (main ? """
            Prints the last 1600 bytes (-BYTES: that many, up to 1048576) of the logfile of
            [taskmasterd]; fails when the daemon has none.\
            """ : """
                Prints the last 1600 bytes (-BYTES: that many, up to 1048576) of the process's
                stdout log file (or stderr's). Fails when the stream is not captured to a file
                (NONE, the daemon's console, stderr redirected to stdout).\
                """) + """

            -f keeps printing what is appended until Ctrl-C; a rotation or a clear is followed
            into the new file from its beginning. tail -f reads when the daemon pushes word that
            the stream grew (over Server-Sent Events; and every 2 s anyway), or polls every 250 ms
            where no stream opens; maintail -f polls.
            Exit code: 0, 1 when the log cannot be read or the name is unknown
            ('name: ERROR (no such process name)', as supervisorctl), 2 for bad usage.\
            """;
    }

    @Override
    public Args args() {
        return main ? Args.NONE : Args.NAME_THEN_CHANNEL;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        LogFollower.Options o = LogFollower.options(args, this);
        Log log;
        if (main) {
            if (!o.rest().isEmpty()) {
                throw Command.usage(this);
            }
            log = Log.main();
        } else {
            List<String> rest = o.rest();
            if (rest.isEmpty()
                    || rest.size() > 2
                    || rest.size() == 2
                            && !rest.get(1).equals("stdout")
                            && !rest.get(1).equals("stderr")) {
                throw Command.usage(this);
            }
            // supervisorctl's words and code for a name its readProcessStdoutLog refuses
            Proc p = LogFollower.one(ctx, rest.getFirst(), "no such process name");
            if (p == null) {
                return Exit.FAILED;
            }
            log = new Log(p, rest.size() == 2 ? rest.get(1) : "stdout");
        }
        LogFollower f = new LogFollower(ctx.supervisor(), log, ctx.out());
        f.tail(o.bytes());
        if (!o.follow()) {
            // supervisorctl prints the bytes read as one line of output: a newline follows them
            ctx.out().println();
        }
        if (o.follow()) {
            if (ctx.interactive()) {
                ctx.err().println("==> following " + log.describe() + "; Ctrl-C to stop <==");
                ctx.err().flush();
            }
            Subscription told = main ? null : told(ctx, log);
            if (told == null) {
                f.follow();
            } else {
                Thread hook = new Thread(told::close, "taskmasterctl-tail-cleanup");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    f.follow(told);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs (or ran) anyway
                    }
                }
            }
            Thread.interrupted();
        }
        return Exit.OK;
    }

    /** Word of the stream's growth, pushed; null where the agent gives none (then polled as before). */
    private static Subscription told(Context ctx, Log log) throws CtlException {
        try {
            return Subscription.pushOnly(
                    ctx.supervisor().client(), Supervisor.bean(log.process()), OutputGrown.NOTIFICATION);
        } catch (CtlException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return null; // no notification command allowed, say: polling reads the same bytes
        }
    }
}
