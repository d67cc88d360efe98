package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.RestartPolicy;

/** essential = true: the engine says when such a process is down for good, and only then. */
class EssentialTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    private long pid(String name) {
        return engine.process(name).orElseThrow().pid();
    }

    private void load(Configuration c) {
        engine.reload(c).join();
        loop.runPending();
    }

    private static ProcessSpec essential(UnaryOperator<Specs.B> tweak) {
        return spec("app", b -> {
            b.startSeconds = 1;
            b.restart = RestartPolicy.DEFAULT.withEssential(true);
            return tweak.apply(b);
        });
    }

    private List<EngineEvent.EssentialDown> downs() {
        return events.stream()
                .filter(e -> e instanceof EngineEvent.EssentialDown)
                .map(e -> (EngineEvent.EssentialDown) e)
                .toList();
    }

    @Test
    void goingFatalIsADeath() {
        load(config(essential(b -> {
            b.startRetries = 0;
            return b;
        })));
        launcher.exit(pid("app"), ExitStatus.exited(1));
        assertThat(downs()).singleElement().satisfies(d -> {
            assertThat(d.process()).isEqualTo("app");
            assertThat(d.state()).isEqualTo(ProcessState.FATAL);
            assertThat(d.reason()).contains("Exited too quickly");
        });
    }

    @Test
    void anExitFromRunningWithNoRestartIsADeathEvenAnExpectedOne() {
        load(config(essential(b -> {
            b.autorestart = AutoRestart.UNEXPECTED;
            return b;
        })));
        loop.advance(1000);
        launcher.exit(pid("app"), ExitStatus.exited(0));
        assertThat(downs()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(ProcessState.EXITED);
            assertThat(d.reason()).contains("exit status 0").contains("not restarted");
        });
    }

    @Test
    void anExitThatIsRestartedIsNone() {
        load(config(essential(b -> {
            b.autorestart = AutoRestart.TRUE;
            return b;
        })));
        loop.advance(1000);
        launcher.exit(pid("app"), ExitStatus.exited(1));
        assertThat(downs()).isEmpty();
        assertThat(engine.process("app").orElseThrow().state()).isEqualTo(ProcessState.STARTING);
    }

    @Test
    void aRestartHeldByTheLimitIsNoneUntilItGoesFatal() {
        load(config(essential(b -> {
            b.autorestart = AutoRestart.TRUE;
            b.startSeconds = 0;
            return b;
        })));
        for (int i = 0; i < 6; i++) {
            launcher.exit(pid("app"), ExitStatus.exited(1));
        }
        assertThat(engine.process("app").orElseThrow().state()).isEqualTo(ProcessState.BACKOFF);
        assertThat(downs()).isEmpty();
        for (int i = 0; i < 10 && downs().isEmpty(); i++) {
            loop.advance(Math.max(0, loop.nextDeadline() - loop.now()));
            if (engine.process("app").orElseThrow().state() == ProcessState.RUNNING) {
                launcher.exit(pid("app"), ExitStatus.exited(1));
            }
        }
        assertThat(downs()).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo(ProcessState.FATAL));
    }

    @Test
    void aStopByHandIsNone() {
        launcher.reaction = (spec, signal) -> 10;
        load(config(essential(b -> b)));
        loop.advance(1000);
        engine.stop(List.of("app"));
        loop.advance(100);
        assertThat(engine.process("app").orElseThrow().state()).isEqualTo(ProcessState.STOPPED);
        assertThat(downs()).isEmpty();
    }

    @Test
    void anExitDuringTheShutdownIsNone() {
        // Ignores TERM: it exits by itself while the shutdown waits.
        load(config(essential(b -> b)));
        loop.advance(1000);
        engine.shutdown();
        loop.runPending();
        launcher.exit(pid("app"), ExitStatus.exited(0));
        assertThat(downs()).isEmpty();
    }

    @Test
    void aNonEssentialProgramsDeathIsNone() {
        load(config(spec("plain", b -> {
            b.startRetries = 0;
            b.startSeconds = 1;
            return b;
        })));
        launcher.exit(pid("plain"), ExitStatus.exited(1));
        assertThat(engine.process("plain").orElseThrow().state()).isEqualTo(ProcessState.FATAL);
        assertThat(downs()).isEmpty();
    }
}
