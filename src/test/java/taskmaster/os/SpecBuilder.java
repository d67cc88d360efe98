package taskmaster.os;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import taskmaster.model.AutoRestart;
import taskmaster.model.Lifecycle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.Signal;
import taskmaster.model.UserSpec;

/** ProcessSpecs for tests: only the launch settings matter here. */
final class SpecBuilder {
    private final List<String> argv;
    private String name = "test";
    private String group = "testgroup";
    private final Map<String, String> env = new HashMap<>();
    private Path workingDir;
    private Integer umask;
    private UserSpec user;
    private Output stdout = Output.DISCARD;
    private Output stderr = Output.DISCARD;
    private boolean redirectStderr;
    private boolean killAsGroup = true;
    private boolean timestamps;
    private boolean stdinPipe;
    private boolean tapStdout;
    private boolean tapStderr;
    private Readiness readiness = Readiness.NONE;

    private SpecBuilder(List<String> argv) {
        this.argv = argv;
    }

    static SpecBuilder command(String... argv) {
        return new SpecBuilder(List.of(argv));
    }

    static SpecBuilder shell(String script) {
        return new SpecBuilder(List.of("/bin/sh", "-c", script));
    }

    SpecBuilder name(String n) {
        name = n;
        return this;
    }

    SpecBuilder group(String g) {
        group = g;
        return this;
    }

    SpecBuilder env(String k, String v) {
        env.put(k, v);
        return this;
    }

    SpecBuilder workingDir(Path d) {
        workingDir = d;
        return this;
    }

    SpecBuilder umask(int u) {
        umask = u;
        return this;
    }

    SpecBuilder user(UserSpec u) {
        user = u;
        return this;
    }

    SpecBuilder stdout(Path p) {
        stdout = new Output.ToFile(p);
        return this;
    }

    SpecBuilder stderr(Path p) {
        stderr = new Output.ToFile(p);
        return this;
    }

    SpecBuilder stdout(Output o) {
        stdout = o;
        return this;
    }

    SpecBuilder stderr(Output o) {
        stderr = o;
        return this;
    }

    SpecBuilder timestamps() {
        timestamps = true;
        return this;
    }

    SpecBuilder stdinPipe() {
        stdinPipe = true;
        return this;
    }

    SpecBuilder tapStdout() {
        tapStdout = true;
        return this;
    }

    SpecBuilder tapStderr() {
        tapStderr = true;
        return this;
    }

    SpecBuilder redirectStderr() {
        redirectStderr = true;
        return this;
    }

    SpecBuilder readiness(Readiness r) {
        readiness = r;
        return this;
    }

    SpecBuilder killAsGroup(boolean b) {
        killAsGroup = b;
        return this;
    }

    ProcessSpec build() {
        return new ProcessSpec(
                        name,
                        group,
                        group,
                        0,
                        String.join(" ", argv),
                        argv,
                        env,
                        workingDir,
                        umask,
                        user,
                        stdout,
                        stderr,
                        redirectStderr,
                        999,
                        true,
                        AutoRestart.UNEXPECTED,
                        Set.of(0),
                        3,
                        1,
                        Signal.TERM,
                        10,
                        false,
                        killAsGroup,
                        timestamps,
                        stdinPipe,
                        tapStdout,
                        tapStderr)
                .withLifecycle(Lifecycle.DEFAULT.withReadiness(readiness));
    }
}
