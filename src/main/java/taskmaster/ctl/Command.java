package taskmaster.ctl;

import java.util.List;

/**
 * One taskmasterctl command: a small object that writes only to the streams of its {@link Context}
 * and returns an exit code ({@link Exit}); it never exits the JVM.
 */
public interface Command {

    /** What the console completes after the command name. */
    enum Args {
        NONE,
        NAMES,
        SIGNAL_THEN_NAMES,
        COMMANDS,
        PROGRAMS,
        NAME_THEN_CHANNEL
    }

    String name();

    /** {@code start <name|group:*|all>...}. */
    String usage();

    /** One line for the command list. */
    String summary();

    /** The rest of {@code help <command>}: details, options, exit codes; may be empty. */
    default String details() {
        return "";
    }

    default Args args() {
        return Args.NONE;
    }

    /** Runs the command; a {@link CtlException} is printed and mapped to its exit code by the caller. */
    int run(List<String> args, Context ctx) throws CtlException;

    static CtlException usage(Command c) {
        return new CtlException(CtlException.USAGE, "usage: " + c.usage());
    }
}
