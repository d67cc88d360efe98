package taskmaster.os;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import taskmaster.model.ProcessSpec;

/**
 * The environment a program starts with, merged in supervisord's order so programs written for
 * it work unchanged: the daemon's environment, then SUPERVISOR_ENABLED / SUPERVISOR_PROCESS_NAME
 * / SUPERVISOR_GROUP_NAME, then HOME / USER / LOGNAME of the account switched to, and last the
 * program's own {@code environment=}, which wins over everything.
 */
final class ChildEnvironment {
    private ChildEnvironment() {}

    static Map<String, String> of(ProcessSpec spec, Map<String, String> daemonEnvironment) {
        Map<String, String> env = new LinkedHashMap<>(daemonEnvironment);
        env.put("SUPERVISOR_ENABLED", "1");
        env.put("SUPERVISOR_PROCESS_NAME", spec.name());
        env.put("SUPERVISOR_GROUP_NAME", spec.group());
        if (spec.user() != null) {
            env.put("HOME", spec.user().home());
            env.put("USER", spec.user().name());
            env.put("LOGNAME", spec.user().name());
        }
        env.putAll(spec.environment());
        return env;
    }

    /** {@code KEY=value} strings, as execve wants them. */
    static List<String> entries(Map<String, String> env) {
        List<String> list = new ArrayList<>(env.size());
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }
}
