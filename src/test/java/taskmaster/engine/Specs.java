package taskmaster.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.Lifecycle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.RestartPolicy;
import taskmaster.model.Signal;

/** Builds specs and configurations for engine tests, with the spec dialect's defaults. */
final class Specs {

    private Specs() {}

    /** A mutable stand-in for ProcessSpec, turned into one by {@link #build()}. */
    static final class B {
        String name;
        String program;
        String group;
        int num;
        List<String> argv = List.of("/bin/sleep", "1000");
        Map<String, String> env = Map.of();
        int priority = 999;
        boolean autostart = true;
        AutoRestart autorestart = AutoRestart.UNEXPECTED;
        Set<Integer> exitCodes = Set.of(0);
        int startRetries = 3;
        int startSeconds = 5;
        Signal stopSignal = Signal.TERM;
        int stopSeconds = 10;
        boolean stopAsGroup = true;
        boolean killAsGroup = true;
        /** The lifecycle; {@link #restart} and {@link #dependsOn}, when set, replace its parts. */
        Lifecycle lifecycle = Lifecycle.DEFAULT;

        RestartPolicy restart;
        List<String> dependsOn;

        B(String name) {
            this.name = name;
            this.program = name;
            this.group = name;
        }

        B dependsOnIs(String... names) {
            dependsOn = List.of(names);
            return this;
        }

        ProcessSpec build() {
            return new ProcessSpec(
                            name,
                            program,
                            group,
                            num,
                            String.join(" ", argv),
                            argv,
                            env,
                            null,
                            null,
                            null,
                            Output.DISCARD,
                            Output.DISCARD,
                            false,
                            priority,
                            autostart,
                            autorestart,
                            exitCodes,
                            startRetries,
                            startSeconds,
                            stopSignal,
                            stopSeconds,
                            stopAsGroup,
                            killAsGroup)
                    .withLifecycle(lifecycle
                            .withRestart(restart != null ? restart : lifecycle.restart())
                            .withDependsOn(dependsOn != null ? dependsOn : lifecycle.dependsOn()));
        }
    }

    static ProcessSpec spec(String name, UnaryOperator<B> tweak) {
        return tweak.apply(new B(name)).build();
    }

    static ProcessSpec spec(String name) {
        return spec(name, b -> b);
    }

    /** One program per distinct program name, its processes in the given order. */
    static Configuration config(ProcessSpec... specs) {
        Map<String, List<ProcessSpec>> byProgram = new java.util.LinkedHashMap<>();
        for (ProcessSpec s : specs) {
            byProgram.computeIfAbsent(s.program(), k -> new ArrayList<>()).add(s);
        }
        List<ProgramSpec> programs = byProgram.values().stream()
                .map(ps -> new ProgramSpec(
                        ps.getFirst().program(),
                        ps.getFirst().group(),
                        ps.getFirst().priority(),
                        ps,
                        "test:1"))
                .toList();
        DaemonSettings daemon =
                new DaemonSettings(null, 0, 0, "INFO", null, Path.of("/tmp"), Map.of(), null, null, true);
        return new Configuration(
                Path.of("/tmp/test.conf"), List.of(Path.of("/tmp/test.conf")), daemon, programs, List.of());
    }
}
