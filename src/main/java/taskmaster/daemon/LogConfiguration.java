package taskmaster.daemon;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The event log's log4j configuration, made with the appenders' own builders: the boot's (the
 * console's stderr at WARN until the daemon has read its file, {@link BootLogging}) and the one
 * {@code [taskmasterd]} asks for ({@link Logging#configure}).
 *
 * <p>Not log4j's XML nor its ConfigurationBuilder: both find each component by its plugin name
 * and fill it by reflection over its annotations. The boot's XML alone cost about 60 ms before the
 * first spawn; these are plain calls.
 */
final class LogConfiguration extends AbstractConfiguration {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n%throwable";

    /**
     * Where the lines go.
     *
     * @param console  the console stream, or null for none
     * @param follow   write to {@code System.out} / {@code System.err} as they are at each write
     * @param file     the log file, or null for none
     * @param maxBytes rotate the file at this size; 0 never rotates
     * @param backups  rotated files kept
     */
    record Output(Level level, ConsoleAppender.Target console, boolean follow, Path file, long maxBytes, int backups) {}

    private final Output output;

    LogConfiguration(LoggerContext context, String name, Output output) {
        super(context, ConfigurationSource.NULL_SOURCE);
        setName(name);
        this.output = output;
    }

    /** Until the daemon has read its configuration, and in every other JVM that loads log4j with our jar. */
    static LogConfiguration boot(LoggerContext context) {
        return new LogConfiguration(
                context,
                "taskmasterd-boot",
                new Output(Level.WARN, ConsoleAppender.Target.SYSTEM_ERR, false, null, 0, 0));
    }

    @Override
    protected void doConfigure() {
        LoggerConfig root = getRootLogger();
        root.setLevel(output.level());
        // Jetty (the XML-RPC server) logs its start at INFO and every I/O step at DEBUG: only its problems.
        addLogger("org.eclipse.jetty", new LoggerConfig("org.eclipse.jetty", Level.WARN, true));
        if (output.console() != null) {
            add(
                    root,
                    ConsoleAppender.newBuilder()
                            .setTarget(output.console())
                            .setFollow(output.follow())
                            .setName("console")
                            .setLayout(layout())
                            .setConfiguration(this)
                            .build());
        }
        Path file = output.file();
        if (file != null && output.maxBytes() > 0) {
            add(
                    root,
                    RollingFileAppender.newBuilder()
                            .withFileName(file.toString())
                            .withFilePattern(file + ".%i")
                            .withPolicy(SizeBasedTriggeringPolicy.createPolicy(String.valueOf(output.maxBytes())))
                            .withStrategy(DefaultRolloverStrategy.newBuilder()
                                    .withMax(String.valueOf(Math.max(1, output.backups())))
                                    .withFileIndex("min")
                                    .withConfig(this)
                                    .build())
                            .withAppend(true)
                            .setName("file")
                            .setLayout(layout())
                            .setConfiguration(this)
                            .build());
        } else if (file != null) {
            add(
                    root,
                    FileAppender.newBuilder()
                            .withFileName(file.toString())
                            .withAppend(true)
                            .setName("file")
                            .setLayout(layout())
                            .setConfiguration(this)
                            .build());
        }
    }

    private PatternLayout layout() {
        return PatternLayout.newBuilder()
                .withPattern(PATTERN)
                .withConfiguration(this)
                .build();
    }

    private void add(LoggerConfig root, Appender appender) {
        if (appender == null) { // a builder that could not make it has said why on log4j's status logger
            return;
        }
        addAppender(appender);
        root.addAppender(appender, null, null);
    }
}
