package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.FATAL;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.RestartPolicy;

/** fatal_retry: FATAL comes back to life, unless a start, stop, reload or shutdown came first. */
class FatalRetryTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    private ProcessState state(String name) {
        return engine.process(name).orElseThrow().state();
    }

    private long pid(String name) {
        return engine.process(name).orElseThrow().pid();
    }

    private void load(Configuration c) {
        engine.reload(c).join();
        loop.runPending();
    }

    /** One attempt (startretries 0), starttime 1: a quick exit is FATAL at once. */
    private static ProcessSpec once(int fatalRetry) {
        return spec("db", b -> {
            b.startRetries = 0;
            b.startSeconds = 1;
            b.restart = RestartPolicy.DEFAULT.withFatalRetry(fatalRetry);
            return b;
        });
    }

    /** Loaded and FATAL at t=0. */
    private void fatal(int fatalRetry) {
        load(config(once(fatalRetry)));
        launcher.exit(pid("db"), ExitStatus.exited(1));
        assertThat(state("db")).isEqualTo(FATAL);
    }

    private long fatalRetries() {
        return events.stream().filter(e -> e instanceof EngineEvent.FatalRetry).count();
    }

    @Test
    void fatalComesBackToLifeAfterFatalRetryAndAgainEachTime() {
        fatal(30);
        loop.advance(29_999);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        loop.advance(1);
        assertThat(launcher.spawnCount("db")).isEqualTo(2);
        assertThat(state("db")).isEqualTo(STARTING);
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.FatalRetry).hasSize(1);
        launcher.exit(pid("db"), ExitStatus.exited(1));
        assertThat(state("db")).isEqualTo(FATAL);
        loop.advance(30_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(3);
        loop.advance(1000); // stays up for its starttime this time
        assertThat(state("db")).isEqualTo(RUNNING);
        assertThat(engine.process("db").orElseThrow().restarts()).isEqualTo(2);
    }

    @Test
    void zeroMeansFatalUntilStartedByHand() {
        fatal(0);
        loop.advance(3_600_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        assertThat(loop.hasTimers()).isFalse();
    }

    @Test
    void anOperatorsStopKeepsItDownAndCallsTheRetryOff() {
        fatal(30);
        Outcome stopped = engine.stop(List.of("db")).join().getFirst();
        loop.runPending();
        assertThat(stopped.ok()).as("%s", stopped).isTrue();
        assertThat(state("db")).isEqualTo(FATAL);
        assertThat(engine.process("db").orElseThrow().wanted()).isFalse();
        loop.advance(600_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        assertThat(fatalRetries()).isZero();
        // Without a retry pending, a stop of FATAL is refused as supervisord refuses it.
        Outcome again = engine.stop(List.of("db")).join().getFirst();
        assertThat(again.fault()).isEqualTo(Fault.NOT_RUNNING);
    }

    @Test
    void aStartCallsTheRetryOff() {
        fatal(30);
        loop.advance(10_000);
        engine.start(List.of("db"));
        loop.advance(1000);
        assertThat(state("db")).isEqualTo(RUNNING);
        loop.advance(600_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(2);
        assertThat(fatalRetries()).isZero();
    }

    @Test
    void theShutdownCallsTheRetryOff() {
        fatal(30);
        engine.shutdown();
        loop.advance(600_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        assertThat(loop.hasTimers()).isFalse();
    }

    @Test
    void aReloadThatRemovesItCallsTheRetryOff() {
        fatal(30);
        load(config(spec("other")));
        loop.advance(600_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        assertThat(engine.process("db")).isEmpty();
    }

    @Test
    void aReloadThatSetsItToZeroCallsTheRetryOffAndANewValueCountsFromTheReload() {
        fatal(30);
        loop.advance(20_000);
        load(config(once(0)));
        loop.advance(600_000);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        load(config(once(5)));
        loop.advance(4_999);
        assertThat(launcher.spawnCount("db")).isEqualTo(1);
        loop.advance(1);
        assertThat(launcher.spawnCount("db")).isEqualTo(2);
    }

    @Test
    void aRestartLimitsFatalComesBackToo() {
        load(config(spec("loop", b -> {
            b.startSeconds = 0;
            b.autorestart = taskmaster.model.AutoRestart.TRUE;
            b.startRetries = 0;
            b.restart = RestartPolicy.DEFAULT.withFatalRetry(60);
            return b;
        })));
        for (int i = 0; i < 6; i++) {
            launcher.exit(pid("loop"), ExitStatus.exited(1));
        }
        assertThat(state("loop")).isEqualTo(FATAL);
        loop.advance(60_000);
        assertThat(state("loop")).isEqualTo(RUNNING);
        assertThat(launcher.spawnCount("loop")).isEqualTo(7);
    }
}
