package taskmaster.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import taskmaster.ctl.Supervisor.Log;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;

/**
 * {@code fg <name>}: the process in the foreground. Its stdout (and stderr, when captured to a
 * file of its own) are followed as {@code tail -f} does, and each line the user types is sent to
 * its stdin pipe ({@code stdin = pipe}), newline included. Ctrl-C or Ctrl-D detaches; the process
 * keeps running.
 */
final class FgCommand implements Command {

    @Override
    public String name() {
        return "fg";
    }

    @Override
    public String usage() {
        return "fg <name>";
    }

    @Override
    public String summary() {
        return "follow a process's output and send it what you type, until Ctrl-C or Ctrl-D";
    }

    @Override
    public String details() {
        return """
            The process must be RUNNING and have stdin = pipe in its section. Prints the last
            1600 bytes of its stdout, then follows its stdout and stderr (each captured to a
            file); every line typed is written to its stdin with its newline (and not kept in
            the prompt's history). Ctrl-C or Ctrl-D detaches (Exiting foreground); the process
            keeps running.
            Exit code: 0, 1 when the process is not running, has no stdin pipe or stops
            reading, 4 for an unknown name.\
            """;
    }

    @Override
    public Args args() {
        return Args.NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (args.size() != 1) {
            throw Command.usage(this);
        }
        Supervisor sup = ctx.supervisor();
        Proc p = LogFollower.one(ctx, args.getFirst(), "no such process");
        if (p == null) {
            return Exit.BAD_NAME;
        }
        String state = sup.state(p);
        if (!state.equals(ProcessState.RUNNING.name())) {
            throw new CtlException(Fault.NOT_RUNNING, "ERROR: " + p.name() + " is not running (" + state + ")");
        }
        sup.sendStdin(p, ""); // fails when it has no stdin pipe
        LogFollower out = new LogFollower(sup, new Log(p, "stdout"), ctx.out());
        LogFollower err = new LogFollower(sup, new Log(p, "stderr"), ctx.out());
        out.tail(LogFollower.DEFAULT_BYTES);
        boolean withErr = true;
        try {
            err.tail(0);
        } catch (CtlException notAFile) {
            withErr = false; // discarded, forwarded or redirected to stdout
        }
        ctx.err()
                .println("==> " + p.name() + " in the foreground: typed lines go to its stdin;"
                        + " Ctrl-C or Ctrl-D detaches <==");
        ctx.err().flush();
        AtomicReference<CtlException> failed = new AtomicReference<>();
        AtomicBoolean detached = new AtomicBoolean();
        boolean followErr = withErr;
        Thread follower = Thread.ofVirtual().name("taskmasterctl-fg").start(() -> {
            try {
                while (true) {
                    boolean last = detached.get();
                    if (last) {
                        Thread.sleep(LogFollower.POLL); // a moment for the answer to the last line sent
                    }
                    boolean more = out.poll() | (followErr && err.poll());
                    if (last) {
                        break;
                    }
                    if (!more) {
                        Thread.sleep(LogFollower.POLL);
                    }
                }
            } catch (InterruptedException e) {
                // detached
            } catch (CtlException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    failed.set(e);
                }
            }
        });
        int code = Exit.OK;
        try {
            String line;
            while (failed.get() == null && (line = ctx.input().readLine()) != null) {
                String text = line + "\n";
                long took = sup.sendStdin(p, text);
                int length = text.getBytes(StandardCharsets.UTF_8).length;
                if (took < length) {
                    ctx.err()
                            .println("warning: " + p.name() + " is not reading its stdin: " + (length - took) + " of "
                                    + length + " bytes were not sent");
                    ctx.err().flush();
                }
            }
        } catch (IOException e) {
            ctx.err().println("ERROR: cannot read the input: " + e.getMessage());
            code = Exit.FAILED;
        } finally {
            detached.set(true);
            try {
                follower.join(LogFollower.POLL.multipliedBy(8));
                follower.interrupt();
                follower.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.out().flush();
            ctx.err().println("Exiting foreground");
            ctx.err().flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return code;
    }
}
