package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.engine.Specs.config;
import static taskmaster.engine.Specs.spec;
import static taskmaster.mbeans.ProcessState.BACKOFF;
import static taskmaster.mbeans.ProcessState.STARTING;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.model.ProcessSpec;

/**
 * {@code startretries} from 2147483647 up (supervisord's files write 4294967295) means retry without
 * end. {@code startRetries + 1} in int wrapped to a negative count, so the first failed start was FATAL.
 */
class UnlimitedRetriesTest {

    private final FakeLoop loop = new FakeLoop();
    private final FakeLauncher launcher = new FakeLauncher(loop);
    private final List<EngineEvent> events = new ArrayList<>();
    private final Engine engine = new Engine(loop, launcher, events::add);

    @Test
    void unlimitedRetriesNeverGiveUp() {
        engine.reload(config(spec("flaky", b -> {
                    b.startRetries = ProcessSpec.UNLIMITED_RETRIES;
                    b.startSeconds = 1;
                    return b;
                })))
                .join();
        loop.runPending();
        for (int attempt = 1; attempt <= 50; attempt++) {
            assertThat(engine.process("flaky").orElseThrow().state()).isEqualTo(STARTING);
            launcher.exit(engine.process("flaky").orElseThrow().pid(), ExitStatus.exited(1));
            assertThat(engine.process("flaky").orElseThrow().state()).isEqualTo(BACKOFF);
            // Linear backoff as supervisord's: the n-th retry waits n seconds.
            loop.advance(attempt * 1000L);
        }
        assertThat(launcher.spawnCount("flaky")).isEqualTo(51);
        assertThat(events).noneMatch(e -> e instanceof EngineEvent.GaveUp);
        assertThat(events)
                .filteredOn(e -> e instanceof EngineEvent.Backoff)
                .allSatisfy(
                        e -> assertThat(((EngineEvent.Backoff) e).attempts()).isPositive());
    }
}
