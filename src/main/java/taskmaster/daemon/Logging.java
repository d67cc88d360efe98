package taskmaster.daemon;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import taskmaster.model.DaemonSettings;

/**
 * The event log's set-up, from {@code [taskmasterd]}: a size-rotated file and, in the foreground,
 * the console. Built in code because its settings come from our INI file, not log4j's.
 */
final class Logging {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n%throwable";

    private static DaemonSettings current;
    private static boolean currentConsole;

    private Logging() {}

    /** Applies the settings; called again on reload and, with the same settings, to reopen files. */
    static synchronized void configure(DaemonSettings settings, boolean console) {
        current = settings;
        currentConsole = console;
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.WARN);
        b.setConfigurationName("taskmasterd");
        RootLoggerComponentBuilder root = b.newRootLogger(level(settings.loglevel()));
        // Jetty (the XML-RPC server) logs its start at INFO and every I/O step at DEBUG: only its problems.
        b.add(b.newLogger("org.eclipse.jetty", Level.WARN));
        if (console) {
            b.add(b.newAppender("console", "Console")
                    .addAttribute("target", ConsoleAppender.Target.SYSTEM_OUT)
                    // System.out as it is at each write: the launcher makes it non-blocking (ConsoleWriter).
                    .addAttribute("follow", true)
                    .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN)));
            root.add(b.newAppenderRef("console"));
        }
        Path file = settings.logfile();
        if (file != null) {
            AppenderComponentBuilder appender;
            if (settings.logfileMaxBytes() > 0) {
                ComponentBuilder<?> policy = b.newComponent("Policies")
                        .addComponent(b.newComponent("SizeBasedTriggeringPolicy")
                                .addAttribute("size", String.valueOf(settings.logfileMaxBytes())));
                appender = b.newAppender("file", "RollingFile")
                        .addAttribute("fileName", file.toString())
                        .addAttribute("filePattern", file + ".%i")
                        .addComponent(policy)
                        .addComponent(b.newComponent("DefaultRolloverStrategy")
                                .addAttribute("max", String.valueOf(Math.max(1, settings.logfileBackups())))
                                .addAttribute("fileIndex", "min"));
            } else {
                appender = b.newAppender("file", "File").addAttribute("fileName", file.toString());
            }
            appender.addAttribute("append", true)
                    .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN));
            b.add(appender);
            root.add(b.newAppenderRef("file"));
        }
        b.add(root);
        Configurator.reconfigure(b.build());
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
