package taskmaster.daemon;

import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import taskmaster.model.DaemonSettings;

/**
 * The event log's set-up, from {@code [taskmasterd]}: a size-rotated file and, in the foreground,
 * the console. Built in code because its settings come from our INI file, not log4j's.
 */
final class Logging {

    private static DaemonSettings current;
    private static boolean currentConsole;

    private Logging() {}

    /** Applies the settings; called again on reload and, with the same settings, to reopen files. */
    static synchronized void configure(DaemonSettings settings, boolean console) {
        current = settings;
        currentConsole = console;
        LogConfiguration.Output output = new LogConfiguration.Output(
                level(settings.loglevel()),
                console ? ConsoleAppender.Target.SYSTEM_OUT : null,
                // System.out as it is at each write: the launcher makes it non-blocking (ConsoleWriter).
                true,
                settings.logfile(),
                settings.logfileMaxBytes(),
                settings.logfileBackups());
        Configurator.reconfigure(new LogConfiguration(LoggerContext.getContext(false), "taskmasterd", output));
    }

    /**
     * SIGUSR2: close and reopen the log file, so logrotate's move-and-create works. log4j shares
     * one open file per file name across configurations, so a plain reconfigure would keep
     * writing to the moved file: the file appender is dropped first, then set up again. A line
     * logged by another thread in between (a millisecond) reaches only the console.
     */
    static synchronized void reopen() {
        if (current == null) {
            return;
        }
        DaemonSettings settings = current;
        boolean console = currentConsole;
        configure(
                new DaemonSettings(
                        null,
                        0,
                        0,
                        settings.loglevel(),
                        settings.pidfile(),
                        settings.childlogdir(),
                        settings.environment(),
                        settings.umask(),
                        settings.directory(),
                        settings.nodaemon(),
                        settings.management(),
                        settings.timestamps(),
                        settings.rundir()),
                console);
        configure(settings, console);
    }

    static Level level(String name) {
        String n = name == null ? "INFO" : name.toUpperCase(Locale.ROOT);
        return switch (n) {
            case "CRITICAL", "CRIT", "FATAL" -> Level.FATAL;
            case "ERROR" -> Level.ERROR;
            case "WARN", "WARNING" -> Level.WARN;
            case "DEBUG" -> Level.DEBUG;
            case "TRACE", "BLATHER" -> Level.TRACE;
            default -> Level.INFO;
        };
    }
}
