package taskmaster.checks;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import taskmaster.engine.CheckResult;
import taskmaster.engine.Checks;
import taskmaster.engine.Notice;
import taskmaster.model.Check;
import taskmaster.model.ProcessSpec;

/** A part of {@link DaemonChecks} not built yet: its checks fail, saying so. To be removed once both parts exist. */
enum Unsupported implements Checks {
    SIGNALS;

    @Override
    public Watch watch(ProcessSpec spec, long pid, Check check, Consumer<Notice> notices) {
        return () -> {};
    }

    @Override
    public CompletableFuture<CheckResult> probe(ProcessSpec spec, long pid, Check check, long timeoutMillis) {
        return CompletableFuture.completedFuture(CheckResult.failed(check.describe() + " is not supported yet"));
    }
}
