package taskmaster.resources;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import taskmaster.engine.Engine;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.UsageSample;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.ProcessSpec;

/** What sampling needs of the engine: every call may be made from any thread. */
interface Supervised {

    /** Every process, sorted by name. */
    List<ProcessSnapshot> processes();

    Optional<ProcessSnapshot> process(String name);

    /** The samples of running processes, for their usage limits. */
    void usage(List<UsageSample> samples);

    /** {@code sample_interval} in force, in seconds; 0: only on read. */
    int sampleInterval();

    /** The processes with {@code memory_limit} or {@code cpu_limit}, whatever their state. */
    Set<String> limited();

    static Supervised by(Engine engine) {
        return new Supervised() {
            /** The configuration {@link #limited} was last worked out of, and its answer. */
            private Configuration seen;

            private Set<String> limited = Set.of();

            @Override
            public List<ProcessSnapshot> processes() {
                return engine.processes();
            }

            @Override
            public Optional<ProcessSnapshot> process(String name) {
                return engine.process(name);
            }

            @Override
            public void usage(List<UsageSample> samples) {
                engine.usage(samples);
            }

            @Override
            public int sampleInterval() {
                Configuration c = engine.configuration();
                return c == null
                        ? DaemonSettings.DEFAULT_SAMPLE_INTERVAL
                        : c.daemon().sampleInterval();
            }

            @Override
            public synchronized Set<String> limited() {
                Configuration c = engine.configuration();
                if (c != seen) {
                    seen = c;
                    limited = c == null
                            ? Set.of()
                            : c.processes().stream()
                                    .filter(p -> p.resources().limits().any())
                                    .map(ProcessSpec::name)
                                    .collect(Collectors.toUnmodifiableSet());
                }
                return limited;
            }
        };
    }
}
