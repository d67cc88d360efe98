package taskmaster.ctl;

import java.time.Duration;
import java.util.List;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.SupervisorState;

/** {@code shutdown}: stops every process, then the daemon; asks first at the prompt. */
final class ShutdownCommand implements Command {

    /** How long to look, after the connection dropped, for the daemon to be shutting down or gone. */
    static final Duration CHECK = Duration.ofSeconds(10);

    private static final Duration CHECK_POLL = Duration.ofMillis(100);

    @Override
    public String name() {
        return "shutdown";
    }

    @Override
    public String usage() {
        return "shutdown";
    }

    @Override
    public String summary() {
        return "stop every process and the daemon";
    }

    @Override
    public String details() {
        return "Asks for confirmation at the prompt; one-shot mode does not ask. Only an answer typed after"
                + "\nthe question appeared counts: lines typed ahead (a pasted 'shutdown' and 'y') are dropped."
                + "\nThe daemon stops its processes in priority order, then exits; this returns at once."
                + "\nShould the connection drop once the request was sent, the daemon is asked again: shutting"
                + "\ndown, or no longer listening, is success.";
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (!args.isEmpty()) {
            throw Command.usage(this);
        }
        if (ctx.interactive() && !ctx.confirm().ask("Really shut the remote taskmasterd process down y/N? ")) {
            return Exit.OK;
        }
        try {
            ctx.supervisor().shutdown();
        } catch (CtlException e) {
            if (e.is(Fault.SHUTTING_DOWN)) {
                ctx.out().println("ERROR: already shutting down");
                return Exit.FAILED;
            }
            if (!(e.fault().equals(CtlException.UNREACHABLE) && e.sent() && goingOrGone(ctx.supervisor()))) {
                throw e;
            }
        }
        ctx.out().println("Shut down");
        return Exit.OK;
    }

    /**
     * After shutdown() was sent and the connection dropped without an answer: whether the daemon
     * took it. It did if it now says SHUTTING_DOWN, or if nothing listens any more (or another
     * daemon does); not if it answers RUNNING or RELOADING.
     */
    static boolean goingOrGone(Supervisor sup) {
        long end = System.nanoTime() + CHECK.toNanos();
        while (true) {
            try {
                return sup.daemonState().equals(SupervisorState.SHUTTING_DOWN.name());
            } catch (CtlException e) {
                if (e.fault().equals(CtlException.OTHER_DAEMON)
                        || e.fault().equals(CtlException.UNREACHABLE) && !e.sent()) {
                    return true;
                }
                if (System.nanoTime() - end > 0) {
                    return false;
                }
            }
            try {
                Thread.sleep(CHECK_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
