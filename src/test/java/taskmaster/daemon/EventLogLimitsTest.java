package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineEvent.LimitExceeded.Limit;

/** The event log's line for a restart over memory_limit or cpu_limit: one greppable warning. */
class EventLogLimitsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger events = (Logger) LogManager.getLogger("taskmaster.events");
    private final AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    };

    EventLogLimitsTest() {
        capture.start();
        events.addAppender(capture);
    }

    @AfterEach
    void detach() {
        events.removeAppender(capture);
    }

    private String line(EngineEvent e) {
        lines.clear();
        new EventLog().onEvent(e);
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }

    @Test
    void limitLines() {
        long mb = 1 << 20;
        assertThat(line(new EngineEvent.LimitExceeded("web", 4242, Limit.MEMORY, 612.4 * mb, 512 * mb, 3)))
                .isEqualTo("WARN memory limit: web (pid 4242) RSS 612 MB over memory_limit 512 MB for 3 samples in a"
                        + " row; restarting it");
        assertThat(line(new EngineEvent.LimitExceeded("web", 4242, Limit.MEMORY, 700 * 1024, 512 * 1024, 1)))
                .isEqualTo("WARN memory limit: web (pid 4242) RSS 0.7 MB over memory_limit 0.5 MB for 1 sample;"
                        + " restarting it");
        assertThat(line(new EngineEvent.LimitExceeded("worker", 7, Limit.CPU, 153.4, 90, 5)))
                .isEqualTo("WARN cpu limit: worker (pid 7) CPU 153% over cpu_limit 90% for 5 samples in a row;"
                        + " restarting it");
        assertThat(line(new EngineEvent.LimitExceeded("worker", 7, Limit.CPU, 1.44, 1, 2)))
                .isEqualTo("WARN cpu limit: worker (pid 7) CPU 1.4% over cpu_limit 1.0% for 2 samples in a row;"
                        + " restarting it");
    }
}
