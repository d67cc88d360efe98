package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.events.Fixtures.changed;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.EXITED;
import static taskmaster.mbeans.ProcessState.FATAL;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;
import static taskmaster.mbeans.ProcessState.STOPPED;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.ExitStatus;
import taskmaster.mbeans.ProcessState;

/** The extras of PROCESS_STATE payloads: supervisord's tries counter and the pid at the end. */
class StateEventsTest {

    private final StateEvents states = new StateEvents();
    private final List<String> out = new ArrayList<>();

    private void move(ProcessState from, ProcessState to, long pid) {
        EngineEvent.StateChanged change = changed("web", "web", from, to, pid);
        Event e = StateEvents.payload(change, states.track(change));
        out.add(e.type.name().substring("PROCESS_STATE_".length()) + " "
                + e.payload.replace("processname:web groupname:web ", ""));
    }

    @Test
    void triesCountBackoffsUntilRunningOrFatal() {
        move(STOPPED, STARTING, 10);
        move(STARTING, BACKOFF, 0);
        move(BACKOFF, STARTING, 11);
        move(STARTING, BACKOFF, 0);
        move(BACKOFF, FATAL, 0);
        move(FATAL, STARTING, 12);
        move(STARTING, RUNNING, 12);
        states.note(new EngineEvent.Exited("web", 12, ExitStatus.exited(0), true, RUNNING));
        move(RUNNING, EXITED, 0);
        move(EXITED, STARTING, 13);
        move(STARTING, BACKOFF, 0);
        move(BACKOFF, STOPPED, 0); // stopped in BACKOFF: supervisord keeps its count
        move(STOPPED, STARTING, 14);
        move(STARTING, RUNNING, 14);
        move(RUNNING, STOPPING, 14);
        states.note(new EngineEvent.Stopped("web", 14, ExitStatus.killed(15)));
        move(STOPPING, STOPPED, 0);
        assertThat(out)
                .containsExactly(
                        "STARTING from_state:STOPPED tries:0",
                        "BACKOFF from_state:STARTING tries:1",
                        "STARTING from_state:BACKOFF tries:1",
                        "BACKOFF from_state:STARTING tries:2",
                        "FATAL from_state:BACKOFF",
                        "STARTING from_state:FATAL tries:0",
                        "RUNNING from_state:STARTING pid:12",
                        "EXITED from_state:RUNNING expected:1 pid:12",
                        "STARTING from_state:EXITED tries:0",
                        "BACKOFF from_state:STARTING tries:1",
                        "STOPPED from_state:BACKOFF pid:0",
                        "STARTING from_state:STOPPED tries:1",
                        "RUNNING from_state:STARTING pid:14",
                        "STOPPING from_state:RUNNING pid:14",
                        "STOPPED from_state:STOPPING pid:14");
    }

    @Test
    void anUnexpectedExitSaysSo() {
        states.note(new EngineEvent.Exited("web", 5, ExitStatus.killed(9), false, RUNNING));
        move(RUNNING, EXITED, 0);
        assertThat(out).containsExactly("EXITED from_state:RUNNING expected:0 pid:5");
    }
}
