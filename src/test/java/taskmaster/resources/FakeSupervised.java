package taskmaster.resources;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.UsageSample;
import taskmaster.mbeans.ProcessState;

/** An engine of snapshots set by the test; remembers the samples it was handed and on which thread. */
final class FakeSupervised implements Supervised {
    final Map<String, ProcessSnapshot> snapshots = new ConcurrentSkipListMap<>();
    final List<List<UsageSample>> usages = new CopyOnWriteArrayList<>();
    final List<String> usageThreads = new CopyOnWriteArrayList<>();
    volatile int interval = 1;
    volatile Set<String> limited = Set.of();

    FakeSupervised put(String name, ProcessState state, long pid) {
        snapshots.put(name, new ProcessSnapshot(name, name, name, state, pid, 1, 0, 1, null, 0, "", true));
        return this;
    }

    @Override
    public List<ProcessSnapshot> processes() {
        return List.copyOf(snapshots.values());
    }

    @Override
    public Optional<ProcessSnapshot> process(String name) {
        return Optional.ofNullable(snapshots.get(name));
    }

    @Override
    public void usage(List<UsageSample> samples) {
        usageThreads.add(Thread.currentThread().getName());
        usages.add(samples);
    }

    @Override
    public int sampleInterval() {
        return interval;
    }

    @Override
    public Set<String> limited() {
        return limited;
    }
}
