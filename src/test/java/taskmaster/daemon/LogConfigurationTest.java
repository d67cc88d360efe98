package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log's log4j configuration, made in code, and log4j's first one. */
class LogConfigurationTest {

    private static final String LINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  line \\d+";

    @Test
    void log4jStartsWithTheBootConfigurationAndParsesNoFile() {
        LoggerContext context = new LoggerContext("boot-test");
        try {
            context.start();
            var config = context.getConfiguration();
            assertThat(config).isInstanceOf(LogConfiguration.class);
            assertThat(config.getName()).isEqualTo("taskmasterd-boot");
            assertThat(config.getRootLogger().getLevel()).isEqualTo(Level.WARN);
            assertThat(config.getAppenders()).containsOnlyKeys("console");
            ConsoleAppender console = (ConsoleAppender) config.getAppenders().get("console");
            assertThat(console.getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_ERR);
        } finally {
            context.stop();
        }
    }

    @Test
    void aSizeLimitRotatesTheFileAndKeepsTheBackupsAsked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("taskmasterd.log");
        LoggerContext context = new LoggerContext("rotation-test");
        try {
            context.start(new LogConfiguration(
                    context, "t", new LogConfiguration.Output(Level.INFO, null, false, file, 300, 2)));
            assertThat(context.getConfiguration().getAppenders().get("file")).isInstanceOf(RollingFileAppender.class);
            Logger log = context.getLogger("taskmaster.events");
            for (int i = 0; i < 60; i++) {
                log.info("line {}", i);
            }
        } finally {
            context.stop();
        }
        assertThat(file).exists();
        assertThat(dir.resolve("taskmasterd.log.1")).exists();
        assertThat(dir.resolve("taskmasterd.log.2")).exists();
        assertThat(dir.resolve("taskmasterd.log.3")).doesNotExist();
        // fileIndex=min: the newest backup is .1, so the last line written is in the file itself.
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).isNotEmpty().allMatch(l -> l.matches(LINE));
        assertThat(lines.getLast()).endsWith("line 59");
    }

    @Test
    void withoutALimitOneFileIsAppendedToAcrossConfigurations(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("taskmasterd.log");
        for (int round = 0; round < 2; round++) {
            LoggerContext context = new LoggerContext("append-test-" + round);
            try {
                context.start(new LogConfiguration(
                        context, "t", new LogConfiguration.Output(Level.INFO, null, false, file, 0, 0)));
                assertThat(context.getConfiguration().getAppenders().get("file"))
                        .isInstanceOf(FileAppender.class);
                context.getLogger("taskmaster.events").info("line {}", round);
            } finally {
                context.stop();
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.matches(LINE));
    }

    @Test
    void jettyTellsOnlyItsProblemsWhateverTheLevel(@TempDir Path dir) {
        LoggerContext context = new LoggerContext("level-test");
        try {
            context.start(new LogConfiguration(
                    context, "t", new LogConfiguration.Output(Level.DEBUG, null, false, dir.resolve("l"), 0, 0)));
            assertThat(context.getLogger("taskmaster.daemon").isDebugEnabled()).isTrue();
            assertThat(context.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled())
                    .isFalse();
            assertThat(context.getLogger("org.eclipse.jetty.server.Server").isWarnEnabled())
                    .isTrue();
        } finally {
            context.stop();
        }
    }
}
