package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.HealthStatus;
import taskmaster.engine.Notice;
import taskmaster.mbeans.Health;

/** The event log's lines for readiness, health and the watchdog: one greppable line each, starting with its word. */
class EventLogChecksTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger events = (Logger) LogManager.getLogger("taskmaster.events");
    private final Level level = events.getLevel();
    private final AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    };

    EventLogChecksTest() {
        capture.start();
        events.addAppender(capture);
        events.setLevel(Level.DEBUG);
    }

    @AfterEach
    void detach() {
        events.removeAppender(capture);
        events.setLevel(level);
    }

    private String line(EngineEvent e) {
        lines.clear();
        new EventLog().onEvent(e);
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }

    @Test
    void readinessLines() {
        assertThat(line(new EngineEvent.Ready("web", 12, "tcp:8080", 1500)))
                .isEqualTo("INFO ready: web (pid 12) passed its readiness check tcp:8080 after 1500 ms");
        assertThat(line(new EngineEvent.NotReady("web", 12, 30, "connection refused")))
                .isEqualTo("WARN not ready: web (pid 12) not ready within 30 s (ready_timeout); last check: connection"
                        + " refused; stopping it, a failed start");
        assertThat(line(new EngineEvent.Notified("web", 12, new Notice.Stopping())))
                .isEqualTo("INFO notify: web (pid 12) STOPPING=1: it says it is shutting down");
        assertThat(line(new EngineEvent.Notified("web", 12, new Notice.MainPid(99))))
                .startsWith("INFO notify: web (pid 12) MAINPID=99: recorded only");
        assertThat(line(new EngineEvent.Notified("web", 12, new Notice.ExtendTimeout(5_000_000))))
                .isEqualTo("INFO notify: web (pid 12) EXTEND_TIMEOUT_USEC=5000000: may take 5000 ms more to be ready");
        assertThat(line(new EngineEvent.Notified("web", 12, new Notice.Status("warming up"))))
                .isEqualTo("DEBUG notify: web (pid 12) STATUS=warming up");
    }

    @Test
    void healthAndWatchdogLines() {
        HealthStatus failed = new HealthStatus(Health.UNHEALTHY, 1, false, "HTTP 503", 2);
        assertThat(line(new EngineEvent.HealthChecked("web", 12, failed, 3)))
                .isEqualTo("WARN health: web (pid 12) is UNHEALTHY: check failed (2 of 3 in a row): HTTP 503");
        HealthStatus ok = new HealthStatus(Health.HEALTHY, 1, true, "HTTP 200", 0);
        assertThat(line(new EngineEvent.HealthChecked("web", 12, ok, 3)))
                .isEqualTo("INFO health: web (pid 12) is HEALTHY: HTTP 200");
        assertThat(line(new EngineEvent.Unhealthy("web", 12, 3, "HTTP 503")))
                .isEqualTo(
                        "WARN unhealthy: web (pid 12) failed 3 health checks in a row (last: HTTP 503); restarting it");
        assertThat(line(new EngineEvent.WatchdogExpired("web", 12, 20)))
                .isEqualTo("WARN watchdog: web (pid 12) sent no WATCHDOG=1 for 20 s (watchdog); restarting it");
    }
}
