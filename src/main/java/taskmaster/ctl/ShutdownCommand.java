package taskmaster.ctl;

import java.util.List;

/** {@code shutdown}: stops every process, then the daemon; asks first at the prompt. */
final class ShutdownCommand implements Command {

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
        return "Asks for confirmation at the prompt; one-shot mode does not ask. The daemon stops its"
                + "\nprocesses in priority order, then exits; this returns at once.";
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
            if (e.fault().equals("SHUTTING_DOWN")) {
                ctx.out().println("ERROR: already shutting down");
                return Exit.FAILED;
            }
            throw e;
        }
        ctx.out().println("Shut down");
        return Exit.OK;
    }
}
