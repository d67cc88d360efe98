package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import taskmaster.engine.Engine;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.Launcher;
import taskmaster.engine.ThreadLoop;
import taskmaster.model.EventType;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;
import taskmaster.output.LogChunk;
import taskmaster.output.LogStream;
import taskmaster.output.OutputControl;
import taskmaster.output.OutputCounts;
import taskmaster.output.OutputTap;

/**
 * The event hub with a real engine on its own loop thread: the order in which what the engine
 * tells and what the output thread reads reach the dispatcher.
 */
class EventHubTest {

    /**
     * A listener's first {@code READY} can reach the dispatcher before the engine's word that it
     * was spawned: the output thread reads the child while the loop is still on its way back from
     * the spawn (a busy machine: the loop preempted, the child not). Under the first configuration
     * the dispatcher knew no pool until that word, took the READY for the output of an unknown
     * process and dropped it: the listener waited on its stdin for ever and got no event at all
     * (ListenerRecordingTest, 1 run in 3 under two CPU hogs). The configuration is now told before
     * any of its spawns. Here the launcher hands over the READY before the spawn returns, every
     * time.
     */
    @Test
    void aListenersReadyReadBeforeItsSpawnWasToldStillMakesItReady() throws Exception {
        EventHub hub = new EventHub();
        List<String> written = new CopyOnWriteArrayList<>();
        OutputTap tap = hub.tap();
        Launcher launcher = new ReadyLauncher(tap, "listener");
        try (ThreadLoop loop = new ThreadLoop("test-loop")) {
            Engine engine = new Engine(loop, launcher, hub.listener());
            hub.start(engine, () -> stdin(written));
            engine.reload(Fixtures.config(
                            Fixtures.pool("listener", 1, 10, EventType.PROCESS_STATE), Fixtures.program("prog", 10)))
                    .join();
            // RUNNING after its start time (1 s), and READY: the first event goes out.
            await().atMost(Duration.ofSeconds(30)).until(() -> !written.isEmpty());
            assertThat(written.getFirst()).startsWith("listener ver:3.0 server:supervisor serial:");
        } finally {
            hub.close();
        }
    }

    /**
     * Ticks wake the dispatcher thread every 5 s, and only a pool has a use for them: with none
     * they are not scheduled (a tenth of the idle daemon's CPU). A pool added by a reload starts
     * them, and its TICK_5 comes; once the last pool is gone they stop again.
     */
    @Test
    void ticksRunOnlyWhileSomePoolExists() throws Exception {
        EventHub hub = new EventHub();
        List<String> written = new CopyOnWriteArrayList<>();
        OutputTap tap = hub.tap();
        Launcher launcher = new ReadyLauncher(tap, "ticks");
        try (ThreadLoop loop = new ThreadLoop("test-loop")) {
            Engine engine = new Engine(loop, launcher, hub.listener());
            hub.start(engine, () -> stdin(written));
            engine.reload(Fixtures.config(Fixtures.program("prog", 10))).get(30, TimeUnit.SECONDS);
            hub.drained().get(30, TimeUnit.SECONDS);
            assertThat(hub.ticking()).as("no pool: no tick scheduled").isFalse();

            engine.reload(Fixtures.config(
                            Fixtures.program("prog", 10), Fixtures.pool("ticks", 1, 10, EventType.TICK_5)))
                    .get(30, TimeUnit.SECONDS);
            hub.drained().get(30, TimeUnit.SECONDS);
            assertThat(hub.ticking()).as("a pool: ticks scheduled").isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> written.stream().anyMatch(w -> w.contains("eventname:TICK_5")));

            engine.reload(Fixtures.config(Fixtures.program("prog", 10))).get(30, TimeUnit.SECONDS);
            // The tick already scheduled runs once more and schedules no other.
            await().atMost(Duration.ofSeconds(30)).until(() -> !hub.ticking());
        } finally {
            hub.close();
        }
    }

    /**
     * Hands the listener's {@code READY} to the tap before its spawn returns (the order a busy
     * machine can give), and makes every signalled process exit at once.
     */
    private static final class ReadyLauncher implements Launcher {
        private final OutputTap tap;
        private final String listener;
        private final AtomicLong pids = new AtomicLong(100);
        private final Map<Long, Consumer<ExitStatus>> exits = new ConcurrentHashMap<>();

        ReadyLauncher(OutputTap tap, String listener) {
            this.tap = tap;
            this.listener = listener;
        }

        @Override
        public long spawn(ProcessSpec spec, Consumer<ExitStatus> onExit) {
            long pid = pids.incrementAndGet();
            exits.put(pid, onExit);
            if (spec.name().equals(listener)) {
                tap.onOutput(spec.name(), pid, LogStream.STDOUT, Fixtures.bytes("READY\n"));
            }
            return pid;
        }

        @Override
        public boolean signal(long pid, Signal signal, boolean group) {
            Consumer<ExitStatus> onExit = exits.remove(pid);
            if (onExit != null) {
                onExit.accept(ExitStatus.killed(signal.number()));
            }
            return true;
        }
    }

    /** Only stdin is written by the hub; the rest is not its to call. */
    private static OutputControl stdin(List<String> written) {
        return new OutputControl() {
            @Override
            public int writeStdin(String process, byte[] bytes) {
                written.add(process + " " + new String(bytes, StandardCharsets.UTF_8));
                return bytes.length;
            }

            @Override
            public void reopenAll() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void rotate(String process) {
                throw new UnsupportedOperationException();
            }

            @Override
            public LogChunk tail(String process, LogStream stream, int bytes) {
                throw new UnsupportedOperationException();
            }

            @Override
            public LogChunk read(String process, LogStream stream, long offset, int length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void clear(String process) {
                throw new UnsupportedOperationException();
            }

            @Override
            public OutputCounts counts(String process) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
