package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.RUNNING;
import static taskmaster.mbeans.ProcessState.STARTING;
import static taskmaster.mbeans.ProcessState.STOPPED;
import static taskmaster.mbeans.ProcessState.STOPPING;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.Health;
import taskmaster.model.Check;
import taskmaster.model.Configuration;
import taskmaster.model.HealthCheck;
import taskmaster.model.Lifecycle;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.Signal;

/** Health checks of RUNNING processes and the sd_notify watchdog, on the fake clock. */
class HealthTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final FakeChecks checks = new FakeChecks(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, checks, events::add);

    private static final Check HTTP = new Check.Http(java.net.URI.create("http://127.0.0.1:8080/health"));

    HealthTest() {
        launcher.reaction = (s, sig) -> 10;
    }

    /** RUNNING at once; checked every 10 s with a 2-s timeout, restarted after 3 failures in a row. */
    static ProcessSpec web(HealthCheck hc) {
        return spec("web", b -> {
            b.startSeconds = 0;
            b.lifecycle = Lifecycle.DEFAULT.withHealth(hc);
            return b;
        });
    }

    static final HealthCheck EVERY_10S = new HealthCheck(HTTP, 10, 2, 3);

    private ProcessSnapshot web() {
        return engine.process("web").orElseThrow();
    }

    private long pid() {
        return web().pid();
    }

    private void load(Configuration c) {
        CompletableFuture<ReloadReport> f = engine.reload(c);
        loop.runPending();
        assertThat(f).isCompleted();
    }

    private <T extends EngineEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void healthIsUnknownOnRunningThenWhatTheChecksSay() {
        load(config(web(EVERY_10S)));
        assertThat(web().state()).isEqualTo(RUNNING);
        assertThat(web().health().health()).isEqualTo(Health.UNKNOWN);
        assertThat(checks.probes)
                .as("the first check comes one interval after RUNNING")
                .isEmpty();
        loop.advance(10_000);
        assertThat(checks.openProbes()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(HTTP);
            assertThat(p.timeoutMillis()).isEqualTo(2000);
        });
        checks.answer(pid(), CheckResult.ok("HTTP 200"));
        assertThat(web().health()).satisfies(h -> {
            assertThat(h.health()).isEqualTo(Health.HEALTHY);
            assertThat(h.lastOk()).isTrue();
            assertThat(h.lastMessage()).isEqualTo("HTTP 200");
            assertThat(h.lastCheck()).isEqualTo(loop.wallClock());
            assertThat(h.failures()).isZero();
        });
        loop.advance(10_000);
        checks.answer(pid(), CheckResult.failed("HTTP 503"));
        assertThat(web().health()).satisfies(h -> {
            assertThat(h.health()).isEqualTo(Health.UNHEALTHY);
            assertThat(h.lastOk()).isFalse();
            assertThat(h.failures()).isEqualTo(1);
        });
        assertThat(web().state()).isEqualTo(RUNNING);
        engine.stop(List.of("web"));
        loop.advance(100);
        assertThat(web().state()).isEqualTo(STOPPED);
        assertThat(web().health()).isEqualTo(HealthStatus.NONE);
    }

    @Test
    void noHealthcheckIsHealthNone() {
        load(config(web(HealthCheck.NONE)));
        assertThat(web().state()).isEqualTo(RUNNING);
        assertThat(web().health().health()).isEqualTo(Health.NONE);
        loop.advance(600_000);
        assertThat(checks.probes).isEmpty();
    }

    @Test
    void theIntervalRunsFromTheEndOfTheLastCheck() {
        load(config(web(EVERY_10S)));
        loop.advance(10_000);
        loop.advance(3000);
        checks.answer(pid(), CheckResult.ok("slow"));
        loop.advance(9999);
        assertThat(checks.probes).hasSize(1);
        loop.advance(1);
        assertThat(checks.probes).hasSize(2);
        assertThat(checks.probes.get(1).at()).isEqualTo(23_000);
    }

    @Test
    void threeFailuresInARowRestartTheProcess() {
        load(config(web(EVERY_10S)));
        long first = pid();
        for (int i = 1; i <= 2; i++) {
            loop.advance(10_000);
            checks.answer(first, CheckResult.failed("HTTP 503"));
            assertThat(web().state()).isEqualTo(RUNNING);
            assertThat(web().health().failures()).isEqualTo(i);
        }
        loop.advance(10_000);
        checks.answer(first, CheckResult.failed("connection refused"));
        assertThat(web().state()).isEqualTo(STOPPING);
        assertThat(launcher.signalsTo(first))
                .extracting(FakeLauncher.Sent::signal)
                .containsExactly(Signal.TERM);
        assertThat(eventsOf(EngineEvent.Unhealthy.class)).singleElement().satisfies(e -> {
            assertThat(e.process()).isEqualTo("web");
            assertThat(e.pid()).isEqualTo(first);
            assertThat(e.failures()).isEqualTo(3);
            assertThat(e.lastMessage()).isEqualTo("connection refused");
        });
        loop.advance(10);
        assertThat(web().state()).isEqualTo(RUNNING);
        assertThat(pid()).isNotEqualTo(first);
        assertThat(web().restarts()).isEqualTo(1);
        assertThat(web().health().health()).as("a new RUNNING starts unknown").isEqualTo(Health.UNKNOWN);
        assertThat(web().health().failures()).isZero();
    }

    @Test
    void aSuccessInBetweenResetsTheCount() {
        load(config(web(EVERY_10S)));
        long first = pid();
        for (boolean ok : new boolean[] {false, false, true, false, false}) {
            loop.advance(10_000);
            checks.answer(first, ok ? CheckResult.ok("HTTP 200") : CheckResult.failed("HTTP 503"));
        }
        assertThat(web().state()).isEqualTo(RUNNING);
        assertThat(pid()).isEqualTo(first);
        assertThat(web().health().failures()).isEqualTo(2);
        assertThat(eventsOf(EngineEvent.Unhealthy.class)).isEmpty();
        assertThat(eventsOf(EngineEvent.HealthChecked.class))
                .extracting(e -> e.status().health())
                .containsExactly(
                        Health.UNHEALTHY, Health.UNHEALTHY, Health.HEALTHY, Health.UNHEALTHY, Health.UNHEALTHY);
    }

    @Test
    void aHealthRestartOfAProcessStoppedMeanwhileDoesNotStartIt() {
        load(config(web(new HealthCheck(HTTP, 10, 2, 1))));
        loop.advance(10_000);
        checks.answer(pid(), CheckResult.failed("HTTP 500"));
        assertThat(web().state()).isEqualTo(STOPPING);
        engine.stop(List.of("web"));
        loop.advance(100);
        assertThat(web().state()).isEqualTo(STOPPED);
        assertThat(launcher.spawnCount("web")).isEqualTo(1);
    }

    @Test
    void noChecksWhileStarting() {
        load(config(spec("web", b -> {
            b.startSeconds = 30;
            b.lifecycle = Lifecycle.DEFAULT.withHealth(EVERY_10S);
            return b;
        })));
        loop.advance(29_999);
        assertThat(web().state()).isEqualTo(STARTING);
        assertThat(web().health().health()).isEqualTo(Health.NONE);
        assertThat(checks.probes).isEmpty();
        loop.advance(1);
        assertThat(web().health().health()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void aReloadChangesTheHealthCheckInPlace() {
        load(config(web(EVERY_10S)));
        long first = pid();
        loop.advance(10_000);
        FakeChecks.Probe old = checks.openProbes().getFirst();
        Check tcp = new Check.Tcp("127.0.0.1", 9090);
        load(config(web(new HealthCheck(tcp, 5, 1, 1))));
        assertThat(pid()).isEqualTo(first);
        old.answer().complete(CheckResult.failed("the old check's late answer"));
        loop.runPending();
        assertThat(web().state())
                .as("a late answer of the old check counts for nothing")
                .isEqualTo(RUNNING);
        assertThat(web().health().health()).isEqualTo(Health.UNKNOWN);
        loop.advance(5000);
        assertThat(checks.openProbes()).singleElement().satisfies(p -> {
            assertThat(p.check()).isEqualTo(tcp);
            assertThat(p.timeoutMillis()).isEqualTo(1000);
        });
        load(config(web(HealthCheck.NONE)));
        assertThat(web().health()).isEqualTo(HealthStatus.NONE);
        checks.answer(first, CheckResult.failed("refused"));
        loop.advance(60_000);
        assertThat(pid()).isEqualTo(first);
    }

    @Test
    void aReloadThatAddsAHealthCheckStartsItUnknown() {
        load(config(web(HealthCheck.NONE)));
        long first = pid();
        load(config(web(EVERY_10S)));
        assertThat(pid()).isEqualTo(first);
        assertThat(web().health().health()).isEqualTo(Health.UNKNOWN);
        loop.advance(10_000);
        assertThat(checks.openProbes()).hasSize(1);
    }

    @Test
    void aProbeThatFailsWithAnExceptionIsAFailedCheck() {
        load(config(web(new HealthCheck(HTTP, 10, 2, 1))));
        loop.advance(10_000);
        checks.openProbes().getFirst().answer().completeExceptionally(new IllegalStateException("boom"));
        loop.runPending();
        assertThat(eventsOf(EngineEvent.Unhealthy.class))
                .singleElement()
                .satisfies(e -> assertThat(e.lastMessage()).contains("boom"));
    }

    // ---- the watchdog ----

    private static ProcessSpec watched(int seconds) {
        return spec("web", b -> {
            b.startSeconds = 0;
            b.lifecycle = Lifecycle.DEFAULT.withReadiness(new Readiness(new Check.Notify(), 90, seconds));
            return b;
        });
    }

    @Test
    void aSilentWatchdogRestartsTheProcess() {
        load(config(watched(5)));
        long first = pid();
        checks.push(first, new Notice.Ready());
        assertThat(web().state()).isEqualTo(RUNNING);
        loop.advance(3000);
        checks.push(first, new Notice.Watchdog());
        loop.advance(4000);
        checks.push(first, new Notice.Watchdog());
        loop.advance(4999);
        assertThat(web().state()).as("pinged at 3 s and 7 s: due by 12 s").isEqualTo(RUNNING);
        assertThat(eventsOf(EngineEvent.WatchdogExpired.class)).isEmpty();
        loop.advance(1);
        assertThat(eventsOf(EngineEvent.WatchdogExpired.class)).singleElement().satisfies(e -> {
            assertThat(e.pid()).isEqualTo(first);
            assertThat(e.seconds()).isEqualTo(5);
        });
        assertThat(launcher.signalsTo(first))
                .extracting(FakeLauncher.Sent::signal)
                .containsExactly(Signal.TERM);
        loop.advance(10);
        assertThat(web().state()).isEqualTo(STARTING);
        assertThat(pid()).isNotEqualTo(first);
        loop.advance(60_000);
        assertThat(eventsOf(EngineEvent.WatchdogExpired.class))
                .as("no watchdog before it is RUNNING again")
                .hasSize(1);
    }

    @Test
    void watchdogPingsWhileStartingDoNotCountAndTheWatchdogStartsAtRunning() {
        load(config(watched(5)));
        long first = pid();
        loop.advance(20_000);
        assertThat(web().state()).isEqualTo(STARTING);
        checks.push(first, new Notice.Ready());
        loop.advance(4999);
        assertThat(eventsOf(EngineEvent.WatchdogExpired.class)).isEmpty();
        loop.advance(1);
        assertThat(eventsOf(EngineEvent.WatchdogExpired.class)).hasSize(1);
    }
}
