package taskmaster.engine;

import java.util.List;

/**
 * What a configuration change does, by program name; {@code restarted} names the processes that
 * are (or would be) stopped and started again, everything else keeps its pid.
 */
public record ReloadReport(List<String> added, List<String> changed, List<String> removed, List<String> restarted) {

    public ReloadReport {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        restarted = List.copyOf(restarted);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
