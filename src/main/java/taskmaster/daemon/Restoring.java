package taskmaster.daemon;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Scale;

/** What of the intent file a new daemon takes: only what its configuration still has a use for. */
final class Restoring {

    private static final Logger LOG = LogManager.getLogger("taskmaster.daemon");

    private Restoring() {}

    /**
     * The intents of processes {@code config} configures and the overrides it applied (its
     * program's files still say the numprocs they said); the rest is dropped, each with a line.
     */
    static IntentFile.Intent keep(IntentFile.Intent kept, Configuration config) {
        Set<String> processes =
                config.processes().stream().map(ProcessSpec::name).collect(Collectors.toSet());
        Map<String, Boolean> wants = new HashMap<>();
        kept.wants().forEach((name, up) -> {
            if (processes.contains(name)) {
                wants.put(name, up);
            } else {
                LOG.info("intent file: {}: dropped: no longer configured", name);
            }
        });
        Map<String, Scale> scales = new HashMap<>(kept.scales());
        Scaling.ended(kept.scales(), config).forEach((program, why) -> {
            scales.remove(program);
            LOG.info("intent file: scale of {}: dropped: {}", program, why);
        });
        for (String program : Set.copyOf(scales.keySet())) {
            ProgramSpec p = config.programsByName().get(program);
            if (p.numprocs() != scales.get(program).numprocs()) {
                // The files with the override did not load: what runs is what they say.
                scales.remove(program);
                LOG.info("intent file: scale of {}: dropped: not applied", program);
            }
        }
        return new IntentFile.Intent(wants, scales);
    }
}
