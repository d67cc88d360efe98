package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.HealthChange;
import taskmaster.mbeans.StateChange;

/** {@code events} lines from notifications as Jolokia delivers them: a state change, and a change of health. */
class EventsLineTest {

    @Test
    void aStateChangeNamesTheStatesAndThePid() {
        Map<String, Object> n = Map.of(
                "attributeName",
                "State",
                "userData",
                Map.of(
                        StateChange.PROCESS,
                        "web",
                        StateChange.OLD_STATE,
                        "STARTING",
                        StateChange.NEW_STATE,
                        "RUNNING",
                        StateChange.PID,
                        4242,
                        StateChange.EXIT_STATUS,
                        -1,
                        StateChange.TIME,
                        1_000L));
        assertThat(EventsCommand.line(n)).matches("\\S+ web STARTING -> RUNNING pid 4242");
    }

    @Test
    void aChangeOfHealthSaysHealthAndWhatTheCheckSaid() {
        Map<String, Object> n = Map.of(
                "attributeName",
                "Health",
                "oldValue",
                "HEALTHY",
                "newValue",
                "UNHEALTHY",
                "userData",
                Map.of(
                        HealthChange.PROCESS, "web",
                        HealthChange.OLD_HEALTH, "HEALTHY",
                        HealthChange.NEW_HEALTH, "UNHEALTHY",
                        HealthChange.MESSAGE, "HTTP 503",
                        HealthChange.FAILURES, 3,
                        HealthChange.TIME, 1_000L));
        assertThat(EventsCommand.line(n)).matches("\\S+ web health HEALTHY -> UNHEALTHY \\(HTTP 503\\)");
    }
}
