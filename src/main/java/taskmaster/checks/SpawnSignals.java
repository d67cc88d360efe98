package taskmaster.checks;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import taskmaster.engine.CheckResult;
import taskmaster.engine.Checks;
import taskmaster.engine.Notice;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;
import taskmaster.os.ReadinessChannels;
import taskmaster.os.SpawnHook;

/**
 * {@code ready = notify} and {@code ready = fd:N}: what a process pushes through the channel it
 * was handed at spawn. The launcher makes the channel ({@link #spawnHook()}); {@link #watch} hands
 * the engine what comes through it.
 */
final class SpawnSignals implements Checks, AutoCloseable {

    private final ReadinessChannels channels;

    SpawnSignals(ReadinessChannels channels) {
        this.channels = channels;
    }

    /** Channels whose notify sockets go to {@code runDir/notify} where they can. */
    static SpawnSignals open(Path runDir) {
        return new SpawnSignals(new ReadinessChannels(runDir));
    }

    /** What the launcher must call around each spawn so that the process gets its channel. */
    SpawnHook spawnHook() {
        return channels;
    }

    @Override
    public Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices) {
        if (!(check instanceof Check.Notify || check instanceof Check.Fd)) {
            throw new IllegalArgumentException("internal error: " + check.describe() + " is no spawn channel");
        }
        return channels.watch(pid, notices);
    }

    @Override
    public CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis) {
        return CompletableFuture.completedFuture(CheckResult.failed(check.describe() + " cannot be asked"));
    }

    @Override
    public void close() {
        channels.close();
    }
}
