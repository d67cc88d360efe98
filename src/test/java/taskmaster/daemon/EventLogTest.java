package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.HealthStatus;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;
import taskmaster.model.ProcessSpec;

class EventLogTest {

    @Test
    void aBackoffCountsItsAttemptsAgainstTheLimit() {
        assertThat(EventLog.attempt(2, 4)).isEqualTo("attempt 2 of 4");
    }

    /** startretries = 4294967295 retries without end: "attempt 2 of 2147483647" would read as a limit. */
    @Test
    void anUnlimitedBackoffNamesNoLimit() {
        assertThat(EventLog.attempt(2, ProcessSpec.UNLIMITED_RETRIES)).isEqualTo("attempt 2, retrying without end");
    }

    @Test
    void aChangeOfHealthNamesTheProcessBothVerdictsAndWhatTheCheckSaid() {
        ProcessSnapshot s = new ProcessSnapshot(
                "web",
                "web",
                "web",
                ProcessState.RUNNING,
                42,
                0,
                0,
                0,
                null,
                0,
                "",
                true,
                WantedSource.CONFIG,
                new HealthStatus(Health.UNHEALTHY, 1_000, false, "HTTP 503", 3),
                "",
                List.of());
        assertThat(EventLog.healthChange(new EngineEvent.HealthChanged(Health.UNKNOWN, Health.UNHEALTHY, s)))
                .isEqualTo("web UNKNOWN -> UNHEALTHY (HTTP 503)");
        ProcessSnapshot fresh = new ProcessSnapshot(
                "web",
                "web",
                "web",
                ProcessState.RUNNING,
                42,
                0,
                0,
                0,
                null,
                0,
                "",
                true,
                WantedSource.CONFIG,
                new HealthStatus(Health.UNKNOWN, 0, false, "", 0),
                "",
                List.of());
        assertThat(EventLog.healthChange(new EngineEvent.HealthChanged(Health.NONE, Health.UNKNOWN, fresh)))
                .isEqualTo("web NONE -> UNKNOWN");
    }
}
