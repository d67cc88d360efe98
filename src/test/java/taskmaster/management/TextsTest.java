package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.ProcessState;

class TextsTest {

    static ProcessSnapshot snap(ProcessState s, long pid, long stop, ExitStatus exit, String err) {
        return new ProcessSnapshot("web", "web", "web", s, pid, 1_000, stop, 0, exit, 0, err, true);
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
