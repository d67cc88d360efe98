package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;

/** The engine's answers read as their users read them: uptimes, empty reloads, outcomes. */
class EngineResultsTest {

    private static ProcessSnapshot snapshot(ProcessState state, long pid, long startMono) {
        return new ProcessSnapshot("web", "web", "web", state, pid, 0, 0, startMono, null, 0, "", true);
    }

    @Test
    void anUptimeCountsOnlyWhileAProcessCanBeSignalled() {
        assertThat(snapshot(ProcessState.RUNNING, 42, 1_000).uptime(4_500)).isEqualTo(3_500);
        assertThat(snapshot(ProcessState.STOPPING, 42, 1_000).uptime(4_500)).isEqualTo(3_500);
        // Not running, or running without a pid (never the case, but never a negative figure either).
        assertThat(snapshot(ProcessState.EXITED, 0, 1_000).uptime(4_500)).isZero();
        assertThat(snapshot(ProcessState.STOPPED, 42, 1_000).uptime(4_500)).isZero();
        assertThat(snapshot(ProcessState.RUNNING, 0, 1_000).uptime(4_500)).isZero();
        // A start stamped after the clock read (another thread's snapshot) is no negative uptime.
        assertThat(snapshot(ProcessState.RUNNING, 42, 5_000).uptime(4_500)).isZero();
    }

    @Test
    void aReloadIsEmptyOnlyWhenNoProgramIsAddedChangedOrRemoved() {
        assertThat(new ReloadReport(List.of(), List.of(), List.of(), List.of()).isEmpty())
                .isTrue();
        assertThat(new ReloadReport(List.of("a"), List.of(), List.of(), List.of()).isEmpty())
                .isFalse();
        assertThat(new ReloadReport(List.of(), List.of("c"), List.of(), List.of()).isEmpty())
                .isFalse();
        assertThat(new ReloadReport(List.of(), List.of(), List.of("r"), List.of()).isEmpty())
                .isFalse();
    }

    @Test
    void anOutcomeIsOkUnlessItCarriesAFault() {
        assertThat(Outcome.ok("web", "started").ok()).isTrue();
        assertThat(Outcome.fault("web", Fault.NOT_RUNNING, "web: not running").ok())
                .isFalse();
    }
}
