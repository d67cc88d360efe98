package taskmaster.daemon;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import taskmaster.config.ConfigException;
import taskmaster.config.KeyTables;
import taskmaster.config.ProgramSummary;
import taskmaster.model.Configuration;

/**
 * {@code taskmasterd}: the command line. Exit codes: 0 success (a shutdown asked for), 1 the daemon
 * could not start or failed, 2 bad usage or a configuration with errors, 3 an essential program
 * died and the daemon stopped everything ({@link #EXIT_ESSENTIAL}).
 */
public final class Main {

    static final String DEFAULT_CONFIG = "conf/taskmaster.conf";

    /** An {@code essential = true} program went FATAL or exited for good: a container's main process died. */
    static final int EXIT_ESSENTIAL = 3;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("c")
                .longOpt("configuration")
                .hasArg()
                .argName("FILE")
                .desc("configuration file (default: " + DEFAULT_CONFIG + ")")
                .build());
        o.addOption(Option.builder("n")
                .longOpt("nodaemon")
                .desc("stay in the foreground, logging to the console too")
                .build());
        o.addOption(Option.builder()
                .longOpt("check-config")
                .desc("check the configuration, print one line per program or every error, and exit")
                .build());
        o.addOption(Option.builder()
                .longOpt("strict")
                .desc("refuse the keys supervisord ignores: an unknown key in [supervisord], [program:x], [group:x]"
                        + " or [include] is an error, not a warning (as strict = true in the file)")
                .build());
        o.addOption(Option.builder()
                .longOpt("help-config")
                .hasArg()
                .optionalArg(true)
                .argName("KEY")
                .desc("print every configuration key (or only KEY): aliases, defaults, what is allowed, and exit")
                .build());
        o.addOption(Option.builder("v")
                .longOpt("version")
                .desc("print the version and exit")
                .build());
        o.addOption(Option.builder("h")
                .longOpt("help")
                .desc("print this help and exit")
                .build());
        // Internal: the detaching parent waits for the daemon to write its pid here.
        o.addOption(Option.builder().longOpt("ready-file").hasArg().build());
        return o;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            err.println("taskmasterd: " + e.getMessage() + " (try --help)");
            return 2;
        }
        if (!cmd.getArgList().isEmpty()) {
            err.println("taskmasterd: unexpected argument '" + cmd.getArgList().getFirst() + "' (try --help)");
            return 2;
        }
        if (cmd.hasOption("help")) {
            Options visible = new Options();
            options().getOptions().stream()
                    .filter(o -> !"ready-file".equals(o.getLongOpt()))
                    .forEach(visible::addOption);
            HelpFormatter f = new HelpFormatter();
            f.printHelp(
                    new java.io.PrintWriter(out, true),
                    100,
                    "taskmasterd [-c FILE] [-n] [--strict] [--check-config]",
                    "Supervise the programs of FILE.\n\n",
                    visible,
                    2,
                    4,
                    "\nSignals: HUP reloads, TERM and INT stop everything and exit, USR2 reopens the log files."
                            + "\nExit codes: 0 success, 1 failure, 2 bad usage or configuration errors, 3 an"
                            + " essential program died.");
            return 0;
        }
        if (cmd.hasOption("help-config")) {
            return KeyTables.help(cmd.getOptionValue("help-config"), out, err);
        }
        if (cmd.hasOption("version")) {
            out.println(Version.get());
            return 0;
        }
        Path config = configPath(cmd.getOptionValue("configuration"));
        if (!Files.isRegularFile(config)) {
            err.println("taskmasterd: configuration file " + config + " does not exist (give one with -c FILE)");
            return 2;
        }
        if (cmd.hasOption("check-config")) {
            return checkConfig(config, cmd.hasOption("strict"), out, err);
        }
        Configs.strict(cmd.hasOption("strict"));
        boolean foreground = cmd.hasOption("nodaemon");
        if (!foreground) {
            Configuration c;
            try {
                c = Configs.load(config);
            } catch (ConfigException e) {
                e.errors().forEach(err::println);
                err.println("taskmasterd: " + e.errors().size() + " error(s) in the configuration; not started");
                return 2;
            }
            if (!c.daemon().nodaemon()) {
                return Detacher.detach(config, c.daemon().directory(), out, err);
            }
        }
        String ready = cmd.getOptionValue("ready-file");
        return new Daemon(config, ready == null, ready == null ? null : Path.of(ready)).run();
    }

    /** The file given, else the default, found from the working directory or the install. */
    static Path configPath(String given) {
        if (given != null) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        Path local = Path.of(DEFAULT_CONFIG).toAbsolutePath();
        String home = System.getProperty("taskmaster.home");
        if (!Files.exists(local) && home != null) {
            return Path.of(home, DEFAULT_CONFIG).toAbsolutePath().normalize();
        }
        return local.normalize();
    }

    static int checkConfig(Path config, boolean strict, PrintStream out, PrintStream err) {
        try {
            Configuration c = Configs.load(config, strict);
            c.warnings().forEach(w -> err.println("warning: " + w));
            c.programs().forEach(p -> out.println(ProgramSummary.line(p)));
            // What a supervisord file does differently here, so that nothing surprises its owner at the first run.
            Configs.notes(c).forEach(n -> out.println("note: " + n));
            out.println(config + ": OK, " + c.programs().size() + " program(s), "
                    + c.processes().size() + " process(es)");
            return 0;
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            err.println(config + ": " + e.errors().size() + " error(s)");
            return 2;
        }
    }
}
