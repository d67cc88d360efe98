package taskmaster.ctl;

import java.util.List;

/** {@code help [command]}. */
final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String usage() {
        return "help [command]";
    }

    @Override
    public String summary() {
        return "list the commands, or explain one";
    }

    @Override
    public Args args() {
        return Args.COMMANDS;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (args.isEmpty()) {
            ctx.out().print(ctx.commands().overview(ctx.interactive()));
            return Exit.OK;
        }
        if (args.size() > 1) {
            throw Command.usage(this);
        }
        Command c = ctx.commands().find(args.getFirst());
        if (c == null) {
            ctx.out().println("*** No help on " + args.getFirst());
            return Exit.USAGE;
        }
        ctx.out().println(c.usage());
        ctx.out().println("  " + c.summary());
        if (!c.details().isEmpty()) {
            c.details().lines().forEach(l -> ctx.out().println("  " + l));
        }
        return Exit.OK;
    }
}
