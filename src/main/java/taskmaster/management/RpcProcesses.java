package taskmaster.management;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.Result;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;
import taskmaster.output.LogStream;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's per-process and per-group methods over {@link Ops}: the same checks in the same
 * order ({@code supervisor.rpcinterface}), so a call faults where supervisord's does, with its code.
 *
 * <p>Where our engine's semantics differ, the wire follows supervisord, except:
 * <ul>
 * <li>{@code wait}: with {@code wait=true} a start answers once the process is RUNNING (past its
 * startsecs) or its first attempt failed, and a stop once it is down, as supervisord's; the wait
 * is bounded (by the start and stop times, capped at five minutes: then FAILED), where
 * supervisord's has no end. With {@code wait=false} the call returns once the start or stop is
 * handed to the engine, without the spawn having happened yet (supervisord spawns first, and
 * can still answer SPAWN_ERROR).</li>
 * <li>A start of a process that is STOPPING waits for the stop and then starts it (supervisord
 * answers ABNORMAL_TERMINATION).</li>
 * <li>NO_FILE and NOT_EXECUTABLE for a start come from the failed spawn (the process went
 * through STARTING to BACKOFF), where supervisord checks the command before spawning.</li>
 * </ul>
 */
final class RpcProcesses {

    private final Ops ops;

    RpcProcesses(Ops ops) {
        this.ops = ops;
    }

    Configuration config() {
        return ops.engine().configuration();
    }

    Optional<ProcessSnapshot> snapshot(ProcessSpec p) {
        return ops.engine().process(p.name());
    }

    ProcessState state(ProcessSpec p) {
        return snapshot(p).map(ProcessSnapshot::state).orElse(ProcessState.STOPPED);
    }

    Map<String, Object> info(ProcessSpec p) {
        return RpcStructs.processInfo(p, snapshot(p).orElse(null), System.currentTimeMillis(), ops.zone());
    }

    // ---- start ----

    Object startProcess(String name, boolean wait) throws RpcFault {
        RpcNames.Target t = RpcNames.resolve(config(), name);
        if (t.wholeGroup()) {
            return startGroup(t.processes(), wait);
        }
        ProcessSpec p = t.process();
        if (state(p).isLive()) {
            throw RpcFaults.of(RpcFaults.ALREADY_STARTED, name);
        }
        if (!wait) {
            issue(() -> ops.engine().start(List.of(p.name())));
            return true;
        }
        Result r = one(name, () -> ops.start(p.name()));
        if (r.ok()) {
            return true;
        }
        throw startFault(r, name);
    }

    Object startGroup(String group, boolean wait) throws RpcFault {
        List<ProcessSpec> procs = RpcNames.group(config(), group);
        if (procs.isEmpty()) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, group);
        }
        return startGroup(procs, wait);
    }

    List<Object> startAll(boolean wait) {
        return startGroup(config().processes(), wait);
    }

    private List<Object> startGroup(List<ProcessSpec> procs, boolean wait) {
        List<ProcessSpec> chosen =
                procs.stream().filter(p -> !state(p).isLive()).toList();
        if (!wait) {
            return issueEach(chosen, names -> ops.engine().start(names));
        }
        return each(chosen, ops::start, this::startFault);
    }

    /** A failed start as supervisord's code: its spawn errors for a command that is not there. */
    private RpcFault startFault(Result r, String name) {
        Fault f = Fault.parse(r.fault()).orElse(Fault.FAILED);
        if (f == Fault.SPAWN_ERROR) {
            String why = r.message().replaceFirst("; retrying$", "");
            if (why.startsWith("can't find command")) {
                return RpcFaults.of(RpcFaults.NO_FILE, why);
            }
            if (why.startsWith("command '") && why.endsWith("is not executable")) {
                return RpcFaults.of(RpcFaults.NOT_EXECUTABLE, "command at " + why.substring("command ".length()));
            }
        }
        return fault(f, r.message(), name);
    }

    // ---- stop ----

    Object stopProcess(String name, boolean wait) throws RpcFault {
        RpcNames.Target t = RpcNames.resolve(config(), name);
        if (t.wholeGroup()) {
            return stopGroup(t.processes(), wait);
        }
        ProcessSpec p = t.process();
        if (!state(p).isLive()) {
            throw RpcFaults.of(RpcFaults.NOT_RUNNING, name);
        }
        if (!wait) {
            issue(() -> ops.engine().stop(List.of(p.name())));
            return true;
        }
        Result r = one(name, () -> ops.stop(p.name()));
        if (r.ok()) {
            return true;
        }
        throw fault(Fault.parse(r.fault()).orElse(Fault.FAILED), r.message(), name);
    }

    Object stopGroup(String group, boolean wait) throws RpcFault {
        List<ProcessSpec> procs = RpcNames.group(config(), group);
        if (procs.isEmpty()) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, group);
        }
        return stopGroup(procs, wait);
    }

    List<Object> stopAll(boolean wait) {
        return stopGroup(config().processes(), wait);
    }

    private List<Object> stopGroup(List<ProcessSpec> procs, boolean wait) {
        List<ProcessSpec> chosen = procs.stream().filter(p -> state(p).isLive()).toList();
        if (!wait) {
            return issueEach(chosen, names -> ops.engine().stop(names));
        }
        return each(chosen, ops::stop, (r, n) -> fault(Fault.parse(r.fault()).orElse(Fault.FAILED), r.message(), n));
    }

    // ---- signal ----

    Object signalProcess(String name, String signal) throws RpcFault {
        RpcNames.Target t = RpcNames.resolve(config(), name);
        if (t.wholeGroup()) {
            return signalGroup(t.processes(), signal);
        }
        ProcessSpec p = t.process();
        Signal sig = Signal.parse(signal).orElseThrow(() -> RpcFaults.of(RpcFaults.BAD_SIGNAL, signal));
        if (!state(p).isSignallable()) {
            throw RpcFaults.of(RpcFaults.NOT_RUNNING, name);
        }
        Result r = one(name, () -> ops.signal(p.name(), sig.name()));
        if (r.ok()) {
            return true;
        }
        throw fault(Fault.parse(r.fault()).orElse(Fault.FAILED), r.message(), name);
    }

    Object signalGroup(String group, String signal) throws RpcFault {
        List<ProcessSpec> procs = RpcNames.group(config(), group);
        if (procs.isEmpty()) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, group);
        }
        return signalGroup(procs, signal);
    }

    List<Object> signalAll(String signal) {
        return signalGroup(config().processes(), signal);
    }

    /** A bad signal is each process's fault here, as supervisord reports it. */
    private List<Object> signalGroup(List<ProcessSpec> procs, String signal) {
        List<ProcessSpec> chosen =
                procs.stream().filter(p -> state(p).isSignallable()).toList();
        Optional<Signal> sig = Signal.parse(signal);
        if (sig.isEmpty()) {
            List<Object> out = new ArrayList<>();
            for (ProcessSpec p : chosen) {
                out.add(RpcStructs.result(
                        p,
                        RpcFaults.BAD_SIGNAL,
                        RpcFaults.of(RpcFaults.BAD_SIGNAL, signal).string()));
            }
            return out;
        }
        return each(
                chosen,
                names -> ops.signal(names, sig.get().name()),
                (r, n) -> fault(Fault.parse(r.fault()).orElse(Fault.FAILED), r.message(), n));
    }

    // ---- stdin, logs ----

    Object sendStdin(String name, String chars) throws RpcFault {
        ProcessSpec p = RpcNames.process(config(), name);
        Optional<ProcessSnapshot> s = snapshot(p);
        if (s.isEmpty() || s.get().pid() == 0 || s.get().state() == ProcessState.STOPPING) {
            throw RpcFaults.of(RpcFaults.NOT_RUNNING, name);
        }
        try {
            ops.logs().sendStdin(p.name(), chars);
        } catch (IllegalArgumentException | IllegalStateException e) {
            Fault f = RpcFaults.faultOf(e);
            // no stdin pipe, or the program closed it: supervisord's EPIPE
            throw f == Fault.NOT_RUNNING
                    ? RpcFaults.of(RpcFaults.NOT_RUNNING, name)
                    : RpcFaults.of(f == Fault.FAILED ? RpcFaults.NO_FILE : RpcFaults.code(f), name);
        }
        return true;
    }

    Object clearLogs(String name) throws RpcFault {
        ProcessSpec p = RpcNames.process(config(), name);
        try {
            ops.logs().clear(p.name());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw RpcFaults.of(RpcFaults.FAILED, name);
        }
        return true;
    }

    List<Object> clearAll() {
        List<Object> out = new ArrayList<>();
        for (ProcessSpec p : config().processes()) {
            try {
                ops.logs().clear(p.name());
                out.add(RpcStructs.ok(p));
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.add(RpcStructs.result(
                        p,
                        RpcFaults.FAILED,
                        RpcFaults.of(RpcFaults.FAILED, RpcNames.namespec(p)).string()));
            }
        }
        return out;
    }

    String readLog(String name, LogStream stream, int offset, int length) throws RpcFault {
        ProcessSpec p = RpcNames.process(config(), name);
        return RpcLogs.read(RpcLogs.file(stream == LogStream.STDOUT ? p.stdout() : stderr(p)), offset, length);
    }

    List<Object> tailLog(String name, LogStream stream, int offset, int length) throws RpcFault {
        ProcessSpec p = RpcNames.process(config(), name);
        return RpcLogs.tail(RpcLogs.file(stream == LogStream.STDOUT ? p.stdout() : stderr(p)), offset, length);
    }

    private static taskmaster.model.Output stderr(ProcessSpec p) {
        return p.redirectStderr() ? taskmaster.model.Output.DISCARD : p.stderr();
    }

    // ---- helpers ----

    private interface Call<T> {
        T call();
    }

    /** One process's result; an {@link Ops} refusal (shutting down, timeout) as a fault. */
    private static Result one(String name, Call<List<Result>> c) throws RpcFault {
        try {
            return c.call().getFirst();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw RpcFaults.from(e, name);
        }
    }

    /** supervisord's fault for an outcome of ours: {@code CODE: name}, FAILED with our words. */
    static RpcFault fault(Fault f, String message, String name) {
        int code = RpcFaults.code(f);
        return switch (code) {
            case RpcFaults.SHUTDOWN_STATE -> RpcFaults.of(code);
            case RpcFaults.FAILED -> RpcFaults.of(code, message);
            default -> RpcFaults.of(code, name);
        };
    }

    /**
     * supervisord's {@code make_allfunc}: one struct per process chosen, in their order, the
     * processes run as one operation; a refusal of the whole (shutting down) is each one's fault.
     */
    private List<Object> each(
            List<ProcessSpec> chosen,
            Function<String, List<Result>> op,
            java.util.function.BiFunction<Result, String, RpcFault> faultOf) {
        if (chosen.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, Result> byName = new HashMap<>();
        RuntimeException whole = null;
        try {
            for (Result r : op.apply(
                    String.join(",", chosen.stream().map(ProcessSpec::name).toList()))) {
                byName.put(r.name(), r);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            whole = e;
        }
        List<Object> out = new ArrayList<>();
        for (ProcessSpec p : chosen) {
            String namespec = RpcNames.namespec(p);
            Result r = byName.get(p.name());
            if (r != null && r.ok()) {
                out.add(RpcStructs.ok(p));
                continue;
            }
            RpcFault f = r != null
                    ? faultOf.apply(r, namespec)
                    : RpcFaults.from(whole != null ? whole : new IllegalStateException("FAILED: no outcome"), namespec);
            out.add(RpcStructs.result(p, f.code(), f.string()));
        }
        return out;
    }

    /** wait=false: hands the operation to the engine and answers OK for each at once. */
    private List<Object> issueEach(
            List<ProcessSpec> chosen, Function<List<String>, java.util.concurrent.CompletableFuture<?>> op) {
        if (!chosen.isEmpty()) {
            issue(() -> op.apply(chosen.stream().map(ProcessSpec::name).toList()));
        }
        List<Object> out = new ArrayList<>();
        chosen.forEach(p -> out.add(RpcStructs.ok(p)));
        return out;
    }

    private static void issue(Call<java.util.concurrent.CompletableFuture<?>> c) {
        // Nobody waits for the outcome: the engine logs what happens, and getProcessInfo shows it.
        c.call();
    }
}
