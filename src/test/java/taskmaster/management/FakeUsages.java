package taskmaster.management;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import taskmaster.resources.ProcessUsage;
import taskmaster.resources.Usages;

/** Samples the test sets by hand, and counts how often the beans ask for them. */
final class FakeUsages implements Usages {

    final Map<String, ProcessUsage> byName = new ConcurrentHashMap<>();
    volatile ProcessUsage daemon = ProcessUsage.none("taskmasterd");
    volatile int interval;
    final AtomicInteger ofCalls = new AtomicInteger();
    final AtomicInteger allCalls = new AtomicInteger();

    /**
     * A sample of {@code name} running as {@code pid} whose every figure derives from {@code n}, so
     * that each process's figures differ from the others' and sums are easy to state.
     */
    static ProcessUsage sample(String name, long pid, int n) {
        return new ProcessUsage(
                name,
                pid,
                1_790_000_000_000L + n,
                n + 0.5,
                n + 0.25,
                n * 10.0,
                n * 1_000_000L,
                n * 900_000L,
                n + 1,
                n + 3,
                n * 4096L,
                n * 8192L,
                n,
                n * 100L,
                n * 10L);
    }

    FakeUsages put(ProcessUsage u) {
        byName.put(u.name(), u);
        return this;
    }

    @Override
    public ProcessUsage of(String process) {
        ofCalls.incrementAndGet();
        return byName.getOrDefault(process, ProcessUsage.none(process));
    }

    @Override
    public List<ProcessUsage> all() {
        allCalls.incrementAndGet();
        return byName.values().stream()
                .sorted(java.util.Comparator.comparing(ProcessUsage::name))
                .toList();
    }

    @Override
    public ProcessUsage daemon() {
        return daemon;
    }

    @Override
    public int sampleInterval() {
        return interval;
    }
}
