package taskmaster.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * Spawns nothing: hands out pids, records signals, and lets the test decide when a process ends,
 * or lets {@link #reaction} model children that die of a signal some time after it (in fake time).
 */
final class FakeLauncher implements Launcher {

    /** How a child answers a signal: the delay in ms after which it dies of it, or -1 if it lives on. */
    @FunctionalInterface
    interface Reaction {
        long delay(ProcessSpec spec, Signal signal);
    }

    record Spawn(String name, long pid, long at) {}

    record Sent(long pid, Signal signal, boolean group) {}

    private final FakeLoop loop;
    private long nextPid = 1000;
    private final Map<Long, Consumer<ExitStatus>> live = new LinkedHashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    final List<Spawn> spawns = new ArrayList<>();
    final List<Sent> signals = new ArrayList<>();
    private final Map<Long, ProcessSpec> specs = new HashMap<>();
    /** Spawns of these process (or program) names fail with the given reason. */
    final Map<String, String> failing = new HashMap<>();
    /** By default no child dies of a signal: the test ends it with {@link #exit}. */
    Reaction reaction = (spec, signal) -> -1;

    FakeLauncher(FakeLoop loop) {
        this.loop = loop;
    }

    @Override
    public long spawn(ProcessSpec spec, Consumer<ExitStatus> onExit) throws SpawnException {
        String failure = failing.getOrDefault(spec.name(), failing.get(spec.program()));
        if (failure != null) {
            spawns.add(new Spawn(spec.name(), 0, loop.now()));
            throw new SpawnException(failure);
        }
        long pid = nextPid++;
        live.put(pid, onExit);
        names.put(pid, spec.name());
        specs.put(pid, spec);
        spawns.add(new Spawn(spec.name(), pid, loop.now()));
        return pid;
    }

    @Override
    public boolean signal(long pid, Signal signal, boolean group) {
        signals.add(new Sent(pid, signal, group));
        if (!live.containsKey(pid)) {
            return false;
        }
        long delay = reaction.delay(specs.get(pid), signal);
        if (delay >= 0) {
            // Never from inside the engine's call: the death comes from the loop, as a reaper's would.
            loop.schedule(delay, () -> die(pid, ExitStatus.killed(signal.number())));
        }
        return true;
    }

    /** The child ends, if it still lives; its exit reaches the engine through the loop. */
    private void die(long pid, ExitStatus status) {
        Consumer<ExitStatus> cb = live.remove(pid);
        if (cb != null) {
            cb.accept(status);
        }
    }

    /** Every child still alive. */
    java.util.Set<Long> live() {
        return java.util.Set.copyOf(live.keySet());
    }

    /** The process ends now; the engine hears of it when the loop runs. */
    void exit(long pid, ExitStatus status) {
        Consumer<ExitStatus> cb = live.remove(pid);
        if (cb == null) {
            throw new IllegalStateException("no live process with pid " + pid);
        }
        cb.accept(status);
        loop.runPending();
    }

    /** The process ends now; its exit waits in the loop's queue, as a reaper's does, until the test runs it. */
    void exitQueued(long pid, ExitStatus status) {
        Consumer<ExitStatus> cb = live.remove(pid);
        if (cb == null) {
            throw new IllegalStateException("no live process with pid " + pid);
        }
        cb.accept(status);
    }

    boolean alive(long pid) {
        return live.containsKey(pid);
    }

    /** The pids of {@code name}'s children still alive. */
    List<Long> liveChildren(String name) {
        return live.keySet().stream().filter(pid -> name.equals(names.get(pid))).toList();
    }

    long spawnCount(String name) {
        return spawns.stream().filter(s -> s.name().equals(name)).count();
    }

    List<Long> spawnTimes(String name) {
        return spawns.stream().filter(s -> s.name().equals(name)).map(Spawn::at).toList();
    }

    List<Sent> signalsTo(long pid) {
        return signals.stream().filter(s -> s.pid() == pid).toList();
    }
}
