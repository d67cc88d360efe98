package taskmaster.ctl;

import java.util.List;

/** {@code version}: the daemon's version. */
final class VersionCommand implements Command {

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String usage() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the daemon's version";
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (!args.isEmpty()) {
            throw Command.usage(this);
        }
        ctx.out().println(ctx.supervisor().version());
        return Exit.OK;
    }
}
