package taskmaster.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.EventType;
import taskmaster.model.ListenerSpec;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Signal;
import taskmaster.output.OutputException;

/** Configurations, engine events and a fake stdin for the event system's unit tests. */
final class Fixtures {
    private Fixtures() {}

    static ProcessSpec process(String name, String program, String group, int num, int priority) {
        return new ProcessSpec(
                name,
                program,
                group,
                num,
                "/bin/true",
                List.of("/bin/true"),
                Map.of(),
                null,
                null,
                null,
                Output.DISCARD,
                Output.DISCARD,
                false,
                priority,
                true,
                AutoRestart.UNEXPECTED,
                Set.of(0),
                3,
                1,
                Signal.TERM,
                10,
                false,
                false);
    }

    /** A plain program of one process, its own group. */
    static ProgramSpec program(String name, int priority) {
        return new ProgramSpec(name, name, priority, List.of(process(name, name, name, 0, priority)), "t:1");
    }

    /** A listener pool of {@code numprocs} processes ({@code name_00}, ... when more than one). */
    static ProgramSpec pool(String name, int numprocs, int bufferSize, EventType... events) {
        List<ProcessSpec> procs = IntStream.range(0, numprocs)
                .mapToObj(i -> process(numprocs == 1 ? name : String.format("%s_%02d", name, i), name, name, i, -1))
                .toList();
        return new ProgramSpec(
                name,
                name,
                -1,
                procs,
                "t:1",
                new ListenerSpec(List.of(events), bufferSize, "supervisor.dispatchers:default_handler"));
    }

    static Configuration config(ProgramSpec... programs) {
        DaemonSettings daemon =
                new DaemonSettings(null, 0, 0, "INFO", null, Path.of("/tmp"), Map.of(), null, null, true);
        return new Configuration(
                Path.of("/tmp/t.conf"), List.of(Path.of("/tmp/t.conf")), daemon, List.of(programs), List.of());
    }

    static EngineEvent.StateChanged changed(String name, String group, ProcessState from, ProcessState to, long pid) {
        return new EngineEvent.StateChanged(
                from, to, new ProcessSnapshot(name, group, group, to, pid, 0, 0, 0, null, 0, "", true));
    }

    /** Drives one process of a pool (or any process) from STOPPED to RUNNING. */
    static void run(EventRouter r, String name, long pid) {
        r.engine(new EngineEvent.Spawned(name, pid));
        r.engine(changed(name, name.replaceAll("_\\d+$", ""), ProcessState.STOPPED, ProcessState.STARTING, pid));
        r.engine(changed(name, name.replaceAll("_\\d+$", ""), ProcessState.STARTING, ProcessState.RUNNING, pid));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Stdin pipes that take at most {@code capacity} bytes per write, or refuse when closed. */
    static final class FakeStdin implements StdinWriter {
        final Map<String, ByteArrayOutputStream> written = new HashMap<>();
        final Set<String> closed = new HashSet<>();
        final List<String> writes = new ArrayList<>();
        int capacity = Integer.MAX_VALUE;

        @Override
        public int write(String process, byte[] bytes) {
            writes.add(process);
            if (closed.contains(process)) {
                throw new OutputException(Fault.FAILED, process + " closed its stdin");
            }
            int n = Math.min(capacity, bytes.length);
            written.computeIfAbsent(process, k -> new ByteArrayOutputStream()).write(bytes, 0, n);
            return n;
        }

        /** What {@code process} got since the last call. */
        String take(String process) {
            ByteArrayOutputStream b = written.remove(process);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }
    }
}
