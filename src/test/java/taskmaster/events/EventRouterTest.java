package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.events.Fixtures.bytes;
import static taskmaster.events.Fixtures.changed;
import static taskmaster.events.Fixtures.config;
import static taskmaster.events.Fixtures.pool;
import static taskmaster.events.Fixtures.program;
import static taskmaster.events.Fixtures.run;

import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.ExitStatus;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Configuration;
import taskmaster.model.EventType;
import taskmaster.output.LogStream;

/** Pools, dispatch, the buffer, rebuffering and serials, driven as supervisord drives them. */
class EventRouterTest {

    private final Fixtures.FakeStdin stdin = new Fixtures.FakeStdin();
    private final EventRouter router = new EventRouter(stdin);

    private static final long T0 = 1_699_999_201_000L;

    private void ack(String listener) {
        router.output(listener, LogStream.STDOUT, bytes("RESULT 2\nOK"), 0);
    }

    private void ready(String listener) {
        router.output(listener, LogStream.STDOUT, bytes("READY\n"), 0);
    }

    private static String header(long serial, String pool, long poolSerial, String type, String payload) {
        return "ver:3.0 server:supervisor serial:" + serial + " pool:" + pool + " poolserial:" + poolSerial
                + " eventname:" + type + " len:" + payload.length() + "\n" + payload;
    }

    private List<String> buffered(String pool) {
        return router.pool(pool).buffered().stream()
                .map(e -> e.serial + ":" + e.type)
                .toList();
    }

    @Test
    void startIsGroupsAddedInPriorityOrderThenRunningAndAPoolHearsFromItsOwnGroupOn() {
        Configuration c = config(
                program("early", -5), pool("mon", 1, 10, EventType.PROCESS_GROUP, EventType.SUPERVISOR_STATE_CHANGE),
                program("web", 10), program("db", 5));
        router.configure(c, T0);
        // "early" was added before the pool existed, as under supervisord: it never hears of it.
        assertThat(buffered("mon"))
                .containsExactly(
                        "0:PROCESS_GROUP_ADDED",
                        "1:PROCESS_GROUP_ADDED",
                        "2:PROCESS_GROUP_ADDED",
                        "3:SUPERVISOR_STATE_CHANGE_RUNNING");
        assertThat(router.pool("mon").buffered().stream().map(e -> e.payload))
                .containsExactly("groupname:mon\n", "groupname:db\n", "groupname:web\n", "");
    }

    @Test
    void aListenerGetsEventsOnlyOnceRunningAndReadyThenOneAtATime() {
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_GROUP)), T0);
        router.engine(new EngineEvent.Spawned("mon", 7));
        router.engine(changed("mon", "mon", ProcessState.STOPPED, ProcessState.STARTING, 7));
        ready("mon"); // READY while STARTING: supervisord waits for RUNNING
        assertThat(stdin.take("mon")).isEmpty();
        router.engine(changed("mon", "mon", ProcessState.STARTING, ProcessState.RUNNING, 7));
        assertThat(stdin.take("mon")).isEqualTo(header(0, "mon", 0, "PROCESS_GROUP_ADDED", "groupname:mon\n"));
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_GROUP), program("web", 1)), T0);
        assertThat(stdin.take("mon")).as("busy: nothing more until it answers").isEmpty();
        ack("mon");
        assertThat(stdin.take("mon")).as("acknowledged: nothing until READY").isEmpty();
        ready("mon");
        assertThat(stdin.take("mon")).isEqualTo(header(1, "mon", 1, "PROCESS_GROUP_ADDED", "groupname:web\n"));
    }

    @Test
    void aPoolHearsOfItsOwnListenersAsSupervisordsDoes() {
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_STATE)), T0);
        run(router, "mon", 7);
        ready("mon");
        assertThat(stdin.take("mon"))
                .isEqualTo(header(
                        0,
                        "mon",
                        0,
                        "PROCESS_STATE_STARTING",
                        "processname:mon groupname:mon from_state:STOPPED tries:0"));
    }

    @Test
    void eventsGoToTheFirstReadyListenerInProcessOrder() {
        router.configure(config(pool("mon", 3, 10, EventType.PROCESS_GROUP), program("a", 1), program("b", 2)), T0);
        for (String l : List.of("mon_00", "mon_01", "mon_02")) {
            run(router, l, 100);
        }
        ready("mon_01");
        ready("mon_02");
        ready("mon_00");
        // mon_01 took the first when it alone was ready, mon_02 the second; mon_00 the third.
        assertThat(stdin.take("mon_01")).contains("serial:0 ");
        assertThat(stdin.take("mon_02")).contains("serial:1 ");
        assertThat(stdin.take("mon_00")).contains("serial:2 ");
        assertThat(router.pool("mon").buffered()).isEmpty();
    }

    @Test
    void overflowDropsTheOldest() {
        router.configure(
                config(pool("mon", 1, 2, EventType.PROCESS_GROUP), program("a", 1), program("b", 2), program("c", 3)),
                T0);
        assertThat(buffered("mon")).containsExactly("2:PROCESS_GROUP_ADDED", "3:PROCESS_GROUP_ADDED");
        assertThat(router.pool("mon").buffered().getLast().payload).isEqualTo("groupname:c\n");
    }

    @Test
    void aFailedEventIsSentAgainFirstWithItsSerials() {
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_GROUP), program("a", 1)), T0);
        run(router, "mon", 7);
        ready("mon");
        String first = stdin.take("mon");
        router.output("mon", LogStream.STDOUT, bytes("RESULT 4\nFAIL"), 0);
        ready("mon");
        assertThat(stdin.take("mon")).isEqualTo(first);
        ack("mon");
        ready("mon");
        assertThat(stdin.take("mon")).contains("serial:1 ").contains("groupname:a");
    }

    @Test
    void theEventOfAListenerThatDiesBusyGoesToTheNextAtTheHead() {
        router.configure(config(pool("mon", 2, 10, EventType.PROCESS_GROUP), program("a", 1)), T0);
        run(router, "mon_00", 7);
        run(router, "mon_01", 8);
        ready("mon_00");
        assertThat(stdin.take("mon_00")).contains("serial:0 ");
        router.engine(new EngineEvent.Exited("mon_00", 7, ExitStatus.killed(9), false, ProcessState.RUNNING));
        router.engine(changed("mon_00", "mon", ProcessState.RUNNING, ProcessState.EXITED, 0));
        ready("mon_01");
        assertThat(stdin.take("mon_01")).contains("serial:0 ").contains("poolserial:0 ");
    }

    @Test
    void aBadResultLineSendsTheEventElsewhereAndTheListenerHearsNoMore() {
        router.configure(config(pool("mon", 2, 10, EventType.PROCESS_GROUP), program("a", 1)), T0);
        run(router, "mon_00", 7);
        run(router, "mon_01", 8);
        ready("mon_00");
        stdin.take("mon_00");
        router.output("mon_00", LogStream.STDOUT, bytes("OK\n"), 0);
        ready("mon_01");
        assertThat(stdin.take("mon_01")).contains("serial:0 ");
        ack("mon_01");
        ready("mon_00"); // in UNKNOWN: ignored
        ready("mon_01");
        assertThat(stdin.take("mon_00")).isEmpty();
        assertThat(stdin.take("mon_01")).contains("serial:1 ");
    }

    @Test
    void aRestartedListenerStartsAcknowledged() {
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_GROUP), program("a", 1)), T0);
        run(router, "mon", 7);
        router.output("mon", LogStream.STDOUT, bytes("garbage!\n"), 0);
        ready("mon");
        assertThat(stdin.take("mon")).isEmpty();
        router.engine(new EngineEvent.Exited("mon", 7, ExitStatus.exited(1), false, ProcessState.RUNNING));
        router.engine(changed("mon", "mon", ProcessState.RUNNING, ProcessState.EXITED, 0));
        run(router, "mon", 9);
        ready("mon");
        assertThat(stdin.take("mon")).contains("serial:0 ");
    }

    @Test
    void aNewProcesssReadyReadBeforeItsStartingIsKeptAndADeadOnesLastWordsAreNot() {
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_GROUP), program("a", 1)), T0);
        run(router, "mon", 7);
        router.engine(new EngineEvent.Exited("mon", 7, ExitStatus.exited(1), false, ProcessState.RUNNING));
        router.engine(changed("mon", "mon", ProcessState.RUNNING, ProcessState.EXITED, 0));
        router.output("mon", LogStream.STDOUT, bytes("RESULT 2\n"), 7); // the old one's, read late
        router.output("mon", LogStream.STDOUT, bytes("READY\n"), 9); // the new one's, before its STARTING
        run(router, "mon", 9);
        assertThat(stdin.take("mon")).contains("serial:0 ");
    }

    @Test
    void theGlobalSerialCountsOnlyEventsSomePoolTakesAndEachPoolCountsItsOwn() {
        router.configure(
                config(pool("groups", 1, 10, EventType.PROCESS_GROUP), pool("states", 1, 10, EventType.PROCESS_STATE)),
                T0);
        router.tick(T0 + 5_000); // TICK_5: nobody wants it, no serial spent
        run(router, "states", 5);
        run(router, "groups", 6);
        router.configure(
                config(
                        pool("groups", 1, 10, EventType.PROCESS_GROUP),
                        pool("states", 1, 10, EventType.PROCESS_STATE),
                        program("a", 1)),
                T0);
        // groups: ADDED groups(0), ADDED states(1), ADDED a(6); states: 4 state changes (2..5)
        assertThat(buffered("groups"))
                .containsExactly("0:PROCESS_GROUP_ADDED", "1:PROCESS_GROUP_ADDED", "6:PROCESS_GROUP_ADDED");
        assertThat(router.pool("groups").buffered().getLast().poolSerials).containsEntry("groups", 2L);
        assertThat(buffered("states"))
                .containsExactly(
                        "2:PROCESS_STATE_STARTING",
                        "3:PROCESS_STATE_RUNNING",
                        "4:PROCESS_STATE_STARTING",
                        "5:PROCESS_STATE_RUNNING");
        assertThat(router.pool("states").buffered().getFirst().poolSerials).containsEntry("states", 0L);
    }

    @Test
    void aShortWriteIsFinishedLaterAndAClosedStdinLeavesTheListenerReady() {
        router.configure(config(pool("mon", 2, 10, EventType.PROCESS_GROUP)), T0);
        run(router, "mon_00", 7);
        run(router, "mon_01", 8);
        stdin.closed.add("mon_00");
        stdin.capacity = 10;
        ready("mon_00");
        ready("mon_01");
        assertThat(router.unsent()).isTrue();
        while (router.flush()) {
            // each flush writes 10 more bytes
        }
        assertThat(stdin.take("mon_01")).isEqualTo(header(0, "mon", 0, "PROCESS_GROUP_ADDED", "groupname:mon\n"));
        assertThat(stdin.take("mon_00")).isEmpty();
    }

    @Test
    void outputOfOtherProcessesIsProcessLogAndAListenersStdoutIsItsProtocol() {
        router.configure(config(pool("logs", 1, 10, EventType.PROCESS_LOG), program("web", 1)), T0);
        run(router, "web", 42);
        run(router, "logs", 43);
        router.output("web", LogStream.STDOUT, bytes("hello\n"), 0);
        router.output("web", LogStream.STDERR, bytes("oops\n"), 0);
        router.output("logs", LogStream.STDERR, bytes("listener says\n"), 0);
        ready("logs");
        assertThat(stdin.take("logs"))
                .isEqualTo(header(
                        0,
                        "logs",
                        0,
                        "PROCESS_LOG_STDOUT",
                        "processname:web groupname:web pid:42 channel:stdout\nhello\n"));
        ack("logs");
        ready("logs");
        assertThat(stdin.take("logs")).contains("PROCESS_LOG_STDERR").endsWith("channel:stderr\noops\n");
        ack("logs");
        ready("logs");
        assertThat(stdin.take("logs")).contains("processname:logs").endsWith("listener says\n");
    }

    @Test
    void aRemovedGroupIsRemovedOnceItsProcessesAreDownAndTheShutdownSaysStoppingOnce() {
        Configuration both = config(
                pool("mon", 1, 10, EventType.PROCESS_GROUP, EventType.SUPERVISOR_STATE_CHANGE), program("web", 1));
        router.configure(both, T0);
        run(router, "web", 42);
        router.configure(config(pool("mon", 1, 10, EventType.PROCESS_GROUP, EventType.SUPERVISOR_STATE_CHANGE)), T0);
        assertThat(buffered("mon")).hasSize(3);
        router.engine(changed("web", "web", ProcessState.RUNNING, ProcessState.STOPPING, 42));
        assertThat(buffered("mon")).hasSize(3);
        router.engine(new EngineEvent.Stopped("web", 42, ExitStatus.killed(15)));
        router.engine(changed("web", "web", ProcessState.STOPPING, ProcessState.STOPPED, 0));
        assertThat(buffered("mon")).endsWith("3:PROCESS_GROUP_REMOVED");
        assertThat(router.pool("mon").buffered().getLast().payload).isEqualTo("groupname:web\n");
        router.shutdownBegan();
        router.shutdownBegan();
        assertThat(buffered("mon")).endsWith("3:PROCESS_GROUP_REMOVED", "4:SUPERVISOR_STATE_CHANGE_STOPPING");
    }

    @Test
    void ticksReachTheirSubscribers() {
        router.configure(config(pool("cron", 1, 10, EventType.TICK_60)), T0);
        router.tick(T0 + 4_000);
        router.tick(T0 + 59_000);
        router.tick(T0 + 60_000); // T0 is 1699999201 s: the minute turns at 1699999260
        assertThat(router.pool("cron").buffered().stream().map(e -> e.type + " " + e.payload))
                .containsExactly("TICK_60 when:1699999260");
    }

    @Test
    void remoteCommunicationReachesItsSubscribers() {
        router.configure(config(pool("rc", 1, 10, EventType.REMOTE_COMMUNICATION)), T0);
        run(router, "rc", 7);
        router.remote("deploy", "v2\n");
        ready("rc");
        assertThat(stdin.take("rc")).isEqualTo(header(0, "rc", 0, "REMOTE_COMMUNICATION", "type:deploy\nv2\n"));
    }
}
