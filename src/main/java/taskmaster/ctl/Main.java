package taskmaster.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * taskmasterctl: controls a taskmasterd through its Jolokia agent, one-shot
 * ({@code taskmasterctl restart web:*}) or at a {@code taskmaster>} prompt. The only class that
 * exits the JVM; see {@link Exit} for the codes.
 */
public final class Main {

    static final String EXIT_CODES = """
        exit codes (supervisorctl 4.2's for its verbs):
          0  success (also: start of a started process, stop of a stopped one, add of an added group)
          1  an operation failed, or a name is unknown (start, stop, restart, signal, pid, add,
             remove, update, tail, clear), or the verb's arguments are missing
          2  bad usage (unknown command or option, start without a name or of an unknown group:*)
          3  status found a process STOPPED, EXITED or FATAL
          4  status (or fg) found an unknown name (for status, 3 wins when both happen, as in
             supervisorctl)
          7  a spawn error, an abnormal termination, a signal to or the pid of a process that is not
             running (LSB's "program is not running"); or the daemon could not be reached (not
             running, wrong address, refused credentials, TLS), as supervisorctl's missing socket
          8  the daemon found through the configuration file serves another one; nothing was done
             (-s URL or TASKMASTER_URL drives it anyway)\
        """;

    /** Why taskmasterctl speaks Jolokia only, for --help. */
    static final String PROTOCOL = """
        taskmasterctl talks to taskmasterd through Jolokia only. A daemon's [unix_http_server] or
        [inet_http_server] (supervisord's XML-RPC) is for supervisorctl and the XML-RPC tools: point
        /usr/bin/supervisorctl at it. taskmasterctl does not speak XML-RPC, so it does not drive a
        supervisord.\
        """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("c")
                .longOpt("configuration")
                .hasArg()
                .argName("FILE")
                .desc("read the daemon's address and credentials from FILE's [taskmasterd] section" + " (default: "
                        + Target.DEFAULT_CONFIG + ")")
                .build());
        o.addOption(Option.builder("s")
                .longOpt("serverurl")
                .hasArg()
                .argName("URL")
                .desc("the daemon's Jolokia URL (default: from the configuration, else " + Target.DEFAULT_URL
                        + "; env TASKMASTER_URL); a daemon found through the configuration must serve that file,"
                        + " one given here is used whatever it serves")
                .build());
        o.addOption(Option.builder("u")
                .longOpt("user")
                .hasArg()
                .argName("USER")
                .desc("user for the daemon's Jolokia (env TASKMASTER_USER)")
                .build());
        o.addOption(Option.builder("p")
                .longOpt("password")
                .hasArg()
                .argName("PASSWORD")
                .desc("password for the daemon's Jolokia (env TASKMASTER_PASSWORD)")
                .build());
        o.addOption(Option.builder("h")
                .longOpt("help")
                .desc("print this help and exit")
                .build());
        return o;
    }

    /** Runs taskmasterctl as {@code main} would, without exiting; returns the exit code. */
    static int run(String[] args, PrintStream stdout, PrintStream stderr, Map<String, String> env) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            return run(args, out, err, env, in::readLine);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, out, err, env, () -> null);
    }

    /** As above, with the lines {@code fg} sends to the process. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Context.Input input) {
        Commands commands = new Commands();
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options(), args, true);
        } catch (ParseException e) {
            err.println("taskmasterctl: " + e.getMessage() + " (see taskmasterctl --help)");
            return Exit.USAGE;
        }
        if (cmd.hasOption("help")) {
            out.print(help(commands));
            return Exit.OK;
        }
        List<String> words = cmd.getArgList();
        boolean helpOnly = !words.isEmpty() && words.getFirst().equals("help");
        Supervisor supervisor = null;
        CtlException unresolved = null;
        try {
            Target target = Target.resolve(
                    cmd.getOptionValue("configuration"),
                    cmd.getOptionValue("serverurl"),
                    cmd.getOptionValue("user"),
                    cmd.getOptionValue("password"),
                    env);
            supervisor = new Supervisor(new JolokiaClient(target));
        } catch (CtlException e) {
            unresolved = e;
        }
        if (words.isEmpty()) {
            if (unresolved != null) {
                err.println(unresolved.getMessage());
            }
            return interactive(commands, supervisor, err);
        }
        if (unresolved != null && !helpOnly) {
            err.println(unresolved.getMessage());
            return unresolved.exitCode();
        }
        Context ctx = new Context(out, err, supervisor, false, q -> true, commands, input);
        return commands.execute(words, ctx);
    }

    private static int interactive(Commands commands, Supervisor supervisor, PrintWriter err) {
        try (Terminal terminal =
                TerminalBuilder.builder().name("taskmasterctl").system(true).build()) {
            Path history = Path.of(System.getProperty("user.home"), ".taskmaster_history");
            return new Console(terminal, history, commands, supervisor).run();
        } catch (IOException e) {
            err.println("taskmasterctl: cannot open the terminal: " + e.getMessage());
            return Exit.FAILED;
        }
    }

    static String help(Commands commands) {
        StringWriter w = new StringWriter();
        PrintWriter pw = new PrintWriter(w);
        new HelpFormatter()
                .printHelp(
                        pw,
                        100,
                        "taskmasterctl [options] [command [args...]]",
                        "Control a taskmasterd through its Jolokia agent: the command given, or a taskmaster> prompt"
                                + " without one.\n\n",
                        options(),
                        2,
                        4,
                        "");
        pw.println();
        pw.print(commands.overview(false));
        pw.println();
        pw.println(EXIT_CODES);
        pw.println();
        pw.println(PROTOCOL);
        pw.println();
        pw.println("(at the prompt, failures are shown and the session goes on)");
        pw.flush();
        return w.toString();
    }
}
