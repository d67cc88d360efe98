package taskmaster.management;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.Launcher;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * Spawns nothing: hands out pids far above the kernel's and ends a "child" when it is signalled,
 * so that a real engine runs a thousand processes without one fork.
 */
final class PretendLauncher implements Launcher {

    private final AtomicLong next = new AtomicLong(900_000_000);
    private final Map<Long, Consumer<ExitStatus>> live = new ConcurrentHashMap<>();
    final Map<String, Long> pids = new ConcurrentHashMap<>();

    @Override
    public long spawn(ProcessSpec spec, Consumer<ExitStatus> onExit) {
        long pid = next.incrementAndGet();
        live.put(pid, onExit);
        pids.put(spec.name(), pid);
        return pid;
    }

    @Override
    public boolean signal(long pid, Signal signal, boolean group) {
        Consumer<ExitStatus> onExit = live.remove(pid);
        if (onExit == null) {
            return false;
        }
        Thread.ofVirtual().start(() -> onExit.accept(ExitStatus.killed(signal.number())));
        return true;
    }
}
