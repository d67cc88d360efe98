package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import taskmaster.model.Configuration;
import taskmaster.model.EventType;
import taskmaster.model.ListenerSpec;
import taskmaster.model.ProgramSpec;

/** A reload that changes only an event listener pool's own settings reports the pool changed and restarts nothing. */
class ListenerReloadTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final Engine engine = new Engine(loop, launcher, e -> {});

    private ReloadReport apply(Configuration c) {
        CompletableFuture<ReloadReport> f = engine.reload(c);
        loop.runPending();
        return f.getNow(null);
    }

    /** {@code base} with its one program made a pool hearing {@code events}. */
    private static Configuration pool(Configuration base, EventType... events) {
        List<ProgramSpec> programs = new ArrayList<>();
        for (ProgramSpec p : base.programs()) {
            programs.add(new ProgramSpec(
                    p.name(),
                    p.group(),
                    p.priority(),
                    p.processes(),
                    p.origin(),
                    new ListenerSpec(List.of(events), 10, "supervisor.dispatchers:default_handler")));
        }
        return new Configuration(base.file(), base.files(), base.daemon(), programs, base.warnings());
    }

    @Test
    void newEventsChangeThePoolAndRestartNoProcess() {
        Configuration first = pool(
                config(spec("lst", b -> {
                    b.startSeconds = 0;
                    return b;
                })),
                EventType.TICK_5);
        apply(first);
        long pid = engine.process("lst").orElseThrow().pid();

        Configuration next = pool(first, EventType.PROCESS_STATE);
        assertThat(engine.diff(next).changed()).containsExactly("lst");
        ReloadReport report = apply(next);
        assertThat(report.changed()).containsExactly("lst");
        assertThat(report.restarted()).isEmpty();
        assertThat(engine.process("lst").orElseThrow().pid()).isEqualTo(pid);
        assertThat(engine.configuration().programs().getFirst().listener().events())
                .containsExactly(EventType.PROCESS_STATE);
        assertThat(apply(next).changed()).as("the same pool again").isEmpty();
    }
}
