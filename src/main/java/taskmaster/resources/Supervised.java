package taskmaster.resources;

import java.util.List;
import java.util.Optional;
import taskmaster.engine.Engine;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.UsageSample;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;

/** What sampling needs of the engine: every call may be made from any thread. */
interface Supervised {

    /** Every process, sorted by name. */
    List<ProcessSnapshot> processes();

    Optional<ProcessSnapshot> process(String name);

    /** The samples of running processes, for their usage limits. */
    void usage(List<UsageSample> samples);

    /** {@code sample_interval} in force, in seconds; 0: only on read. */
    int sampleInterval();

    static Supervised by(Engine engine) {
        return new Supervised() {
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
                return c == null ? DaemonSettings.DEFAULT_SAMPLE_INTERVAL : c.daemon().sampleInterval();
            }
        };
    }
}
