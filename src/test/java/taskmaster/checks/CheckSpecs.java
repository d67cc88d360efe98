package taskmaster.checks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import taskmaster.model.AutoRestart;
import taskmaster.model.Check;
import taskmaster.model.HealthCheck;
import taskmaster.model.Lifecycle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.Signal;
import taskmaster.model.UserSpec;

/** Specs for the checks' tests: a name, a command, its environment and folder, its checks. */
final class CheckSpecs {
    private CheckSpecs() {}

    static ProcessSpec spec(String name, List<String> argv, Map<String, String> env, Path dir, Lifecycle lifecycle) {
        return spec(name, argv, env, dir, null, lifecycle);
    }

    static ProcessSpec spec(
            String name, List<String> argv, Map<String, String> env, Path dir, UserSpec user, Lifecycle lifecycle) {
        return new ProcessSpec(
                name,
                name,
                name,
                0,
                String.join(" ", argv),
                argv,
                env,
                dir,
                null,
                user,
                Output.DISCARD,
                Output.DISCARD,
                false,
                999,
                true,
                AutoRestart.FALSE,
                Set.of(0),
                0,
                0,
                Signal.TERM,
                1,
                true,
                true,
                false,
                false,
                false,
                false,
                lifecycle);
    }

    static ProcessSpec plain(String name) {
        return spec(name, List.of("/bin/true"), Map.of(), null, Lifecycle.DEFAULT);
    }

    static Lifecycle readyLog(String regex) {
        return Lifecycle.DEFAULT.withReadiness(new Readiness(new Check.Log(regex), 60, 0));
    }

    static Lifecycle healthLog(String regex) {
        return Lifecycle.DEFAULT.withHealth(new HealthCheck(new Check.Log(regex), 1, 1, 3));
    }

    static Check.Exec shell(String script) {
        return new Check.Exec(script, List.of("/bin/sh", "-c", script));
    }
}
