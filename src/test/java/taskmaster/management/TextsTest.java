package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.HealthStatus;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.WantedSource;

class TextsTest {

    static ProcessSnapshot snap(ProcessState s, long pid, long stop, ExitStatus exit, String err) {
        return new ProcessSnapshot("web", "web", "web", s, pid, 1_000, stop, 0, exit, 0, err, true);
    }

    @Test
    void uptimeIsSupervisorctlsHoursMinutesSecondsWithDays() {
        assertThat(Texts.uptime(0)).isEqualTo("0:00:00");
        assertThat(Texts.uptime(999)).isEqualTo("0:00:00");
        assertThat(Texts.uptime((86400 + 9) * 1000L)).isEqualTo("1 day, 0:00:09");
        assertThat(Texts.uptime((12 * 3600 + 34 * 60 + 56) * 1000L)).isEqualTo("12:34:56");
        // supervisord's "%d:%02d:%02d" with the days before it, every second of a few days
        for (long secs = 0; secs < 3 * 86400 + 7200; secs += 37) {
            long d = secs / 86400, r = secs % 86400;
            String hms = String.format(java.util.Locale.ROOT, "%d:%02d:%02d", r / 3600, r / 60 % 60, r % 60);
            String want = d == 0 ? hms : d + (d == 1 ? " day, " : " days, ") + hms;
            assertThat(Texts.uptime(secs * 1000 + 500)).isEqualTo(want);
        }
    }

    @Test
    void descriptionsFollowSupervisorctl() {
        assertThat(Texts.description(snap(ProcessState.RUNNING, 4242, 0, null, ""), 62_000, ZoneOffset.UTC))
                .isEqualTo("pid 4242, uptime 0:01:02");
        assertThat(Texts.uptime((2 * 86400 + 3 * 3600 + 4 * 60 + 5) * 1000L)).isEqualTo("2 days, 3:04:05");
        assertThat(Texts.description(snap(ProcessState.STOPPED, 0, 0, null, ""), 0, ZoneOffset.UTC))
                .isEqualTo("Not started");
        long nov21 = java.time.LocalDateTime.of(2026, 11, 21, 20, 21)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        assertThat(Texts.description(snap(ProcessState.EXITED, 0, nov21, ExitStatus.exited(3), ""), 0, ZoneOffset.UTC))
                .isEqualTo("Nov 21 08:21 PM, exit status 3");
        assertThat(Texts.description(snap(ProcessState.FATAL, 0, 0, null, "can't find command 'x'"), 0, ZoneOffset.UTC))
                .isEqualTo("can't find command 'x'");
        assertThat(Texts.description(snap(ProcessState.STOPPING, 7, 0, null, ""), 0, ZoneOffset.UTC))
                .isEqualTo("pid 7");
    }

    static ProcessSnapshot lifecycle(ProcessState s, long pid, long stop, String statusText, List<String> waiting) {
        return new ProcessSnapshot(
                "web",
                "web",
                "web",
                s,
                pid,
                1_000,
                stop,
                0,
                null,
                0,
                "",
                true,
                WantedSource.CONFIG,
                HealthStatus.NONE,
                statusText,
                waiting);
    }

    @Test
    void aProcessWaitingForItsDependenciesSaysWhichInsteadOfNotStarted() {
        assertThat(Texts.description(lifecycle(ProcessState.STOPPED, 0, 0, "", List.of("db")), 0, ZoneOffset.UTC))
                .isEqualTo("waiting for db");
        assertThat(Texts.description(
                        lifecycle(ProcessState.STOPPED, 0, 0, "", List.of("db", "cache")), 0, ZoneOffset.UTC))
                .isEqualTo("waiting for db, cache");
        long nov21 = java.time.LocalDateTime.of(2026, 11, 21, 20, 21)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        // one that ran before keeps its stop time, the wait follows it
        assertThat(Texts.description(lifecycle(ProcessState.EXITED, 0, nov21, "", List.of("db")), 0, ZoneOffset.UTC))
                .isEqualTo("Nov 21 08:21 PM, waiting for db");
        assertThat(Texts.waitingFor(List.of("db", "cache"))).isEqualTo("db,cache");
        assertThat(Texts.waitingFor(List.of())).isEmpty();
    }

    @Test
    void theStatusTextFollowsThePidAndUptimeWhileThereIsAChild() {
        assertThat(Texts.description(
                        lifecycle(ProcessState.RUNNING, 4242, 0, "serving 3 clients", List.of()),
                        62_000,
                        ZoneOffset.UTC))
                .isEqualTo("pid 4242, uptime 0:01:02, serving 3 clients");
        assertThat(Texts.description(
                        lifecycle(ProcessState.STARTING, 4242, 0, "loading data", List.of()), 0, ZoneOffset.UTC))
                .isEqualTo("pid 4242, loading data");
        assertThat(Texts.description(
                        lifecycle(ProcessState.STOPPING, 4242, 0, "draining", List.of()), 0, ZoneOffset.UTC))
                .isEqualTo("pid 4242, draining");
        // a dead process's last words are stale: not shown
        assertThat(Texts.description(
                        lifecycle(ProcessState.STOPPED, 0, 0, "serving 3 clients", List.of()), 0, ZoneOffset.UTC))
                .isEqualTo("Not started");
    }

    @Test
    void programStateIsTheCommonStateElseTheMostSevere() {
        assertThat(Texts.aggregate(List.of(ProcessState.RUNNING, ProcessState.RUNNING)))
                .isEqualTo(ProcessState.RUNNING);
        assertThat(Texts.aggregate(List.of(ProcessState.RUNNING, ProcessState.STOPPED)))
                .isEqualTo(ProcessState.STOPPED);
        assertThat(Texts.aggregate(List.of(ProcessState.RUNNING, ProcessState.FATAL, ProcessState.BACKOFF)))
                .isEqualTo(ProcessState.FATAL);
    }
}
