package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.FATAL;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;
import static taskmaster.mbeans.ProcessState.STOPPED;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Check;
import taskmaster.model.Configuration;
import taskmaster.model.Lifecycle;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.Signal;

/** A readiness check keeps a process STARTING until it is ready and its start time has passed; on the fake clock. */
class ReadinessTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final FakeChecks checks = new FakeChecks(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, checks, events::add);

    private static final Check TCP = new Check.Tcp("127.0.0.1", 8080);
    private static final Check NOTIFY = new Check.Notify();

    ReadinessTest() {
        // Children die 10 ms after any stop signal.
        launcher.reaction = (s, sig) -> 10;
    }

    static ProcessSpec web(Check check, int timeout, UnaryOperator<Specs.B> more) {
        return spec("web", b -> {
            b.startSeconds = 5;
            b.startRetries = 1;
            b.lifecycle = Lifecycle.DEFAULT.withReadiness(new Readiness(check, timeout, 0));
            return more.apply(b);
        });
    }

    private ProcessSnapshot web() {
        return engine.process("web").orElseThrow();
    }

    private ProcessState state() {
        return web().state();
    }

    private long pid() {
        return web().pid();
    }

    private void load(Configuration c) {
        CompletableFuture<ReloadReport> f = engine.reload(c);
        loop.runPending();
        assertThat(f).as("a reload that needs no stop").isCompleted();
    }

    private <T extends EngineEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void readyAfterTheStartTimeIsRunningWhenReady() {
        load(config(web(TCP, 30, b -> b)));
        assertThat(state()).isEqualTo(STARTING);
        for (int t = 0; t < 7; t++) {
            assertThat(checks.openProbes()).hasSize(1);
            checks.answer(pid(), CheckResult.failed("connection refused"));
            loop.advance(1000);
        }
        assertThat(state()).as("start time passed at 5 s, not ready yet").isEqualTo(STARTING);
        checks.answer(pid(), CheckResult.ok("connected"));
        assertThat(state()).isEqualTo(RUNNING);
        assertThat(loop.now()).isEqualTo(7000);
        assertThat(eventsOf(EngineEvent.Ready.class)).singleElement().satisfies(r -> {
            assertThat(r.check()).isEqualTo("tcp:8080");
            assertThat(r.afterMillis()).isEqualTo(7000);
        });
        int asked = checks.probes.size();
        loop.advance(60_000);
        assertThat(checks.probes)
                .as("a check costs nothing once it has succeeded")
                .hasSize(asked);
    }

    @Test
    void readyBeforeTheStartTimeIsRunningWhenTheStartTimeHasPassed() {
        load(config(web(NOTIFY, 30, b -> b)));
        assertThat(checks.liveWatches()).singleElement().satisfies(w -> {
            assertThat(w.pid).isEqualTo(pid());
            assertThat(w.check).isEqualTo(NOTIFY);
        });
        loop.advance(1000);
        checks.push(pid(), new Notice.Ready());
        assertThat(state()).isEqualTo(STARTING);
        loop.advance(3999);
        assertThat(state()).isEqualTo(STARTING);
        loop.advance(1);
        assertThat(state()).isEqualTo(RUNNING);
        assertThat(checks.liveWatches())
                .as("notify's socket stays for STATUS= and WATCHDOG=1")
                .hasSize(1);
    }

    @Test
    void startTimeZeroWaitsForReadinessAlone() {
        load(config(web(TCP, 30, b -> {
            b.startSeconds = 0;
            return b;
        })));
        assertThat(state()).isEqualTo(STARTING);
        checks.answer(pid(), CheckResult.ok("connected"));
        assertThat(state()).isEqualTo(RUNNING);
    }

    @Test
    void theStartAnswersWhenReady() {
        load(config(web(NOTIFY, 30, b -> {
            b.autostart = false;
            return b;
        })));
        CompletableFuture<?> started = engine.start(List.of("web"));
        loop.runPending();
        loop.advance(10_000);
        assertThat(started).isNotDone();
        checks.push(pid(), new Notice.Ready());
        assertThat(started).isCompleted();
        assertThat(state()).isEqualTo(RUNNING);
    }

    @Test
    void probesAreOneAtATimeOneSecondAfterTheLastAnswer() {
        load(config(web(TCP, 0, b -> b)));
        assertThat(checks.probes).hasSize(1);
        loop.advance(3000);
        assertThat(checks.probes).as("no second probe while one is open").hasSize(1);
        checks.answer(pid(), CheckResult.failed("connection refused"));
        loop.advance(999);
        assertThat(checks.probes).hasSize(1);
        loop.advance(1);
        assertThat(checks.probes).hasSize(2);
        assertThat(checks.probes.get(1).at()).isEqualTo(4000);
        assertThat(checks.probes.get(1).timeoutMillis()).isEqualTo(Proc.READY_PROBE_TIMEOUT_MS);
    }

    @Test
    void notReadyInTimeIsAFailedStartThenFatal() {
        checks.autoAnswer = CheckResult.failed("connection refused");
        load(config(web(TCP, 3, b -> b)));
        long first = pid();
        loop.advance(2999);
        assertThat(state()).isEqualTo(STARTING);
        loop.advance(1);
        // Stopped first: BACKOFF has no child.
        assertThat(launcher.signalsTo(first))
                .extracting(FakeLauncher.Sent::signal)
                .containsExactly(Signal.TERM);
        assertThat(eventsOf(EngineEvent.NotReady.class)).singleElement().satisfies(e -> {
            assertThat(e.seconds()).isEqualTo(3);
            assertThat(e.lastMessage()).isEqualTo("connection refused");
        });
        loop.advance(10);
        assertThat(state()).isEqualTo(BACKOFF);
        assertThat(web().spawnError()).isEqualTo("not ready within 3 s (last check: connection refused)");
        loop.advance(1000);
        assertThat(state()).isEqualTo(STARTING);
        assertThat(pid()).isNotEqualTo(first);
        loop.advance(3010);
        assertThat(state()).as("startretries = 1: two attempts").isEqualTo(FATAL);
        assertThat(web().spawnError()).startsWith("not ready within 3 s");
        assertThat(launcher.live()).isEmpty();
    }

    @Test
    void aChildThatIgnoresTheStopSignalIsKilledAfterItsStopTime() {
        launcher.reaction = (s, sig) -> sig == Signal.KILL ? 10 : -1;
        load(config(web(NOTIFY, 3, b -> {
            b.stopSeconds = 2;
            return b;
        })));
        long first = pid();
        loop.advance(3000);
        assertThat(state()).isEqualTo(STARTING);
        loop.advance(2000);
        assertThat(launcher.signalsTo(first))
                .extracting(FakeLauncher.Sent::signal)
                .containsExactly(Signal.TERM, Signal.KILL);
        loop.advance(10);
        assertThat(state()).isEqualTo(BACKOFF);
    }

    @Test
    void extendTimeoutMovesTheDeadlineFromNow() {
        load(config(web(NOTIFY, 3, b -> {
            b.startSeconds = 1;
            return b;
        })));
        loop.advance(2000);
        checks.push(pid(), new Notice.ExtendTimeout(5_000_000));
        loop.advance(4999);
        assertThat(state()).as("7 s: 2 s then 5 s more").isEqualTo(STARTING);
        assertThat(eventsOf(EngineEvent.NotReady.class)).isEmpty();
        loop.advance(1);
        assertThat(eventsOf(EngineEvent.NotReady.class))
                .singleElement()
                .satisfies(e -> assertThat(e.seconds()).isEqualTo(7));
    }

    @Test
    void aShorterExtensionNeverShortensTheTimeout() {
        load(config(web(NOTIFY, 10, b -> b)));
        checks.push(pid(), new Notice.ExtendTimeout(1_000_000));
        loop.advance(9999);
        assertThat(eventsOf(EngineEvent.NotReady.class)).isEmpty();
        loop.advance(1);
        assertThat(eventsOf(EngineEvent.NotReady.class)).hasSize(1);
    }

    @Test
    void exitBeforeReadyIsAFailedStartEvenAfterTheStartTime() {
        load(config(web(NOTIFY, 30, b -> b)));
        loop.advance(6000);
        launcher.exit(pid(), ExitStatus.exited(0));
        assertThat(state()).isEqualTo(BACKOFF);
        assertThat(web().spawnError()).isEqualTo("Exited before it was ready (exit status 0)");
    }

    @Test
    void exitAfterReadyButBeforeTheStartTimeIsTooQuick() {
        load(config(web(NOTIFY, 30, b -> b)));
        checks.push(pid(), new Notice.Ready());
        loop.advance(1000);
        launcher.exit(pid(), ExitStatus.exited(1));
        assertThat(state()).isEqualTo(BACKOFF);
        assertThat(web().spawnError()).startsWith("Exited too quickly");
    }

    @Test
    void aStaleGenerationsNoticesAndAnswersAreIgnored() {
        load(config(web(NOTIFY, 30, b -> b)));
        long first = pid();
        launcher.exit(first, ExitStatus.exited(1));
        assertThat(state()).isEqualTo(BACKOFF);
        assertThat(checks.watches.getFirst().cancelled)
                .as("the watch goes with its child")
                .isTrue();
        checks.push(first, new Notice.Ready());
        checks.push(first, new Notice.Status("stale"));
        assertThat(state()).isEqualTo(BACKOFF);
        assertThat(web().statusText()).isEmpty();
        loop.advance(1000);
        assertThat(state()).isEqualTo(STARTING);
        checks.push(first, new Notice.Ready());
        loop.advance(10_000);
        assertThat(state())
                .as("the first child's READY=1 does not speak for the second")
                .isEqualTo(STARTING);
        checks.push(pid(), new Notice.Ready());
        assertThat(state()).isEqualTo(RUNNING);
    }

    @Test
    void aStaleProbeAnswerIsIgnored() {
        load(config(web(TCP, 30, b -> b)));
        long first = pid();
        FakeChecks.Probe old = checks.openProbes().getFirst();
        launcher.exit(first, ExitStatus.exited(1));
        loop.advance(1000);
        assertThat(state()).isEqualTo(STARTING);
        old.answer().complete(CheckResult.ok("late"));
        loop.runPending();
        loop.advance(10_000);
        assertThat(state()).isEqualTo(STARTING);
    }

    @Test
    void statusTextIsShownWhileUpAndGoesWithTheProcess() {
        load(config(web(NOTIFY, 30, b -> b)));
        checks.push(pid(), new Notice.Status("loading the index"));
        assertThat(web().statusText()).isEqualTo("loading the index");
        checks.push(pid(), new Notice.Ready());
        loop.advance(5000);
        checks.push(pid(), new Notice.Status("serving"));
        assertThat(web().state()).isEqualTo(RUNNING);
        assertThat(web().statusText()).isEqualTo("serving");
        checks.push(pid(), new Notice.Stopping());
        assertThat(web().statusText()).isEqualTo("serving (stopping)");
        checks.push(pid(), new Notice.MainPid(4242));
        assertThat(eventsOf(EngineEvent.Notified.class))
                .extracting(EngineEvent.Notified::notice)
                .containsExactly(
                        new Notice.Status("loading the index"),
                        new Notice.Status("serving"),
                        new Notice.Stopping(),
                        new Notice.MainPid(4242));
        assertThat(pid()).as("MAINPID= is recorded, not adopted").isEqualTo(1000);
        engine.stop(List.of("web"));
        loop.advance(100);
        assertThat(state()).isEqualTo(STOPPED);
        assertThat(web().statusText()).isEmpty();
        assertThat(checks.liveWatches()).isEmpty();
    }

    @Test
    void aLogOrFdWatchGoesOnceReady() {
        load(config(web(new Check.Fd(3), 30, b -> b)));
        checks.push(pid(), new Notice.Ready());
        assertThat(checks.liveWatches()).isEmpty();
        loop.advance(5000);
        assertThat(state()).isEqualTo(RUNNING);
    }

    @Test
    void aReloadChangesAnAskedCheckInPlace() {
        load(config(web(TCP, 30, b -> b)));
        long first = pid();
        Check http = new Check.Http(URI.create("http://127.0.0.1:8080/health"));
        load(config(web(http, 30, b -> b)));
        assertThat(pid()).isEqualTo(first);
        checks.answer(first, CheckResult.ok("the old check's late answer"));
        loop.advance(1000);
        assertThat(state()).as("an answer of the old check counts for nothing").isEqualTo(STARTING);
        assertThat(checks.openProbes())
                .singleElement()
                .satisfies(p -> assertThat(p.check()).isEqualTo(http));
        checks.answer(first, CheckResult.ok("HTTP 200"));
        loop.advance(5000);
        assertThat(state()).isEqualTo(RUNNING);
        assertThat(pid()).isEqualTo(first);
    }

    @Test
    void aReloadThatDropsTheCheckMakesItReadyInPlace() {
        load(config(web(TCP, 30, b -> b)));
        long first = pid();
        loop.advance(6000);
        load(config(web(null, 30, b -> b)));
        assertThat(state()).isEqualTo(RUNNING);
        assertThat(pid()).isEqualTo(first);
    }

    @Test
    void aReloadShorteningTheTimeoutAppliesFromTheSpawn() {
        checks.autoAnswer = CheckResult.failed("refused");
        load(config(web(TCP, 30, b -> b)));
        loop.advance(10_000);
        load(config(web(TCP, 5, b -> b)));
        loop.advance(0);
        assertThat(eventsOf(EngineEvent.NotReady.class)).hasSize(1);
    }

    @Test
    void aReloadToNotifyRelaunches() {
        load(config(web(TCP, 30, b -> b)));
        long first = pid();
        CompletableFuture<ReloadReport> reload = engine.reload(config(web(NOTIFY, 30, b -> b)));
        loop.advance(100);
        assertThat(reload).isCompleted();
        assertThat(pid()).isNotEqualTo(first);
        assertThat(checks.liveWatches())
                .singleElement()
                .satisfies(w -> assertThat(w.pid).isEqualTo(pid()));
    }
}
