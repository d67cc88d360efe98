package taskmaster.management;

import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineException;
import taskmaster.engine.Outcome;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessNames;
import taskmaster.mbeans.Result;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;
import taskmaster.output.OutputControl;
import taskmaster.resources.Usages;

/**
 * The engine's commands as the beans run them: bounded waits, and failures turned into plain JDK
 * exceptions whose message is {@code FAULT: name: explanation}, so that no client needs our classes.
 */
final class Ops {

    /** Added to the times of the processes concerned to bound a wait. */
    static final long MARGIN_MS = 10_000;

    static final long CAP_MS = 300_000;

    private static final String ROLLING = "restartRolling";

    private final Engine engine;
    private final Logs logs;
    /** Read on each call: the daemon may hand the beans its sampler after they are registered. */
    private final Supplier<Usages> usages;

    private final ZoneId zone = ZoneId.systemDefault();

    Ops(Engine engine, Supplier<OutputControl> output) {
        this(engine, output, Usages::none);
    }

    Ops(Engine engine, Supplier<OutputControl> output, Supplier<Usages> usages) {
        this.engine = engine;
        this.logs = new Logs(output);
        this.usages = usages;
    }

    /** The last resource samples (never a walk of /proc). */
    Usages usages() {
        return usages.get();
    }

    /** The sample of a process as its bean shows it: zeros but the output counts when it does not run. */
    taskmaster.resources.ProcessUsage usage(String process) {
        long pid = engine.process(process).map(ProcessSnapshot::pid).orElse(0L);
        return Costs.current(usages().of(process), pid);
    }

    Logs logs() {
        return logs;
    }

    /** The processes the names select; an unknown name fails the call with BAD_NAME. */
    List<String> resolve(String names) {
        List<String> list = split(names);
        return await(engine.resolve(list), String.join(",", list), CAP_MS);
    }

    /** Rotates the log files of the named processes: one result each. */
    List<Result> rotate(String names) {
        return logs.each(resolve(names), logs::rotate);
    }

    /** Empties the log files of the named processes: one result each. */
    List<Result> clearLogs(String names) {
        return logs.each(resolve(names), logs::clear);
    }

    Engine engine() {
        return engine;
    }

    List<Result> start(String names) {
        return run(names, "start", engine::start);
    }

    List<Result> stop(String names) {
        return run(names, "stop", engine::stop);
    }

    /** {@link #stop}, with what depends on the names stopped first. */
    List<Result> stopWithDependents(String names) {
        return run(names, "stop", engine::stopWithDependents);
    }

    List<Result> restart(String names) {
        return run(names, "restart", engine::restart);
    }

    List<Result> restartRolling(String names) {
        return run(names, ROLLING, engine::rollingRestart);
    }

    List<Result> signal(String names, String signal) {
        Signal sig = Signal.parse(signal)
                .orElseThrow(() -> new IllegalArgumentException(Fault.BAD_SIGNAL + ": " + names + ": '" + signal
                        + "' is not a signal (allowed: a name like TERM" + " or SIGHUP, or a number from 1 to 31)"));
        return run(names, "signal", n -> engine.signal(n, sig));
    }

    /** Runs a command on one process; throws when it fails. */
    Result one(String name, Function<String, List<Result>> op) {
        List<Result> results = op.apply(name);
        for (Result r : results) {
            if (!r.ok()) {
                throw failure(Fault.valueOf(r.fault()), r.name(), r.message());
            }
        }
        return results.getFirst();
    }

    private List<Result> run(
            String names, String verb, Function<Collection<String>, CompletableFuture<List<Outcome>>> op) {
        List<String> list = split(names);
        List<String> selected = await(engine.resolve(list), String.join(",", list), CAP_MS);
        long bound = bound(selected, verb);
        List<Outcome> outcomes = await(op.apply(list), String.join(",", list), bound);
        return outcomes.stream()
                .map(o -> new Result(
                        o.process(), o.ok(), o.ok() ? "" : o.fault().name(), o.message() == null ? "" : o.message()))
                .toList();
    }

    /** The longest start plus stop time among the processes, plus a margin, capped. */
    private long bound(List<String> processes, String verb) {
        if (verb.equals("signal")) {
            return MARGIN_MS;
        }
        Map<String, ProcessSpec> specs =
                engine.configuration().processes().stream().collect(Collectors.toMap(ProcessSpec::name, s -> s));
        int levels = levels(engine.configuration().processes());
        if (levels > 1) {
            // Dependencies start before, and dependents stop before, the processes named: one after the other.
            processes = List.copyOf(specs.keySet());
        }
        long worst = 0;
        long sum = 0;
        for (String p : processes) {
            ProcessSpec s = specs.get(p);
            if (s != null) {
                long start = (long) s.startSeconds() * (1 + Math.min(s.startRetries(), 3)) * 1000;
                long stop = s.stopSeconds() * 1000L;
                sum += start + stop; // a rolling restart does them one after the other
                worst = Math.max(
                        worst,
                        switch (verb) {
                            case "start" -> start;
                            case "stop" -> stop;
                            default -> start + stop;
                        });
            }
        }
        return Math.min(CAP_MS, (verb.equals(ROLLING) ? sum : worst * levels) + MARGIN_MS);
    }

    /** How many processes long the longest depends_on chain is (1 without dependencies). */
    static int levels(List<ProcessSpec> specs) {
        Map<String, List<String>> deps = new java.util.HashMap<>();
        Map<String, List<String>> members = new java.util.HashMap<>();
        for (ProcessSpec s : specs) {
            deps.putIfAbsent(s.program(), s.lifecycle().dependsOn());
            members.computeIfAbsent(s.program(), k -> new java.util.ArrayList<>())
                    .add(s.program());
            members.computeIfAbsent(s.group(), k -> new java.util.ArrayList<>()).add(s.program());
        }
        Map<String, Integer> depth = new java.util.HashMap<>();
        int most = 1;
        for (String program : deps.keySet()) {
            most = Math.max(most, depth(program, deps, members, depth, 0));
        }
        return most;
    }

    private static int depth(
            String program,
            Map<String, List<String>> deps,
            Map<String, List<String>> members,
            Map<String, Integer> memo,
            int guard) {
        Integer known = memo.get(program);
        if (known != null) {
            return known;
        }
        int d = 1;
        if (guard < deps.size()) { // the configuration refuses cycles; this only keeps one from looping
            for (String name : deps.getOrDefault(program, List.of())) {
                for (String q : members.getOrDefault(name, List.of())) {
                    if (!q.equals(program)) {
                        d = Math.max(d, 1 + depth(q, deps, members, memo, guard + 1));
                    }
                }
            }
        }
        memo.put(program, d);
        return d;
    }

    /** Waits for {@code f}; an engine refusal or a timeout becomes a fault. */
    static <T> T await(CompletableFuture<T> f, String name, long boundMs) {
        try {
            return f.get(boundMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure(Fault.TIMEOUT, name, "no outcome within " + boundMs + " ms; it may still complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Fault.FAILED, name, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                String msg = ee.getMessage();
                String prefix = ee.fault() + ": ";
                throw failure(ee.fault(), name, msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
            }
            throw failure(Fault.FAILED, name, String.valueOf(e.getCause().getMessage()));
        }
    }

    /** IllegalArgumentException for a bad request (name, signal, arguments), IllegalStateException otherwise. */
    static RuntimeException failure(Fault fault, String name, String explanation) {
        String msg = fault + ": " + name + ": " + explanation;
        return switch (fault) {
            case BAD_NAME, BAD_SIGNAL, BAD_ARGUMENTS -> new IllegalArgumentException(msg);
            default -> new IllegalStateException(msg);
        };
    }

    static List<String> split(String names) {
        List<String> list = ProcessNames.split(names);
        if (list.isEmpty()) {
            throw failure(
                    Fault.BAD_NAME, String.valueOf(names), "no name given (allowed: " + ProcessNames.ALLOWED + ")");
        }
        return list;
    }

    ProcessInfo info(ProcessSnapshot s) {
        return info(s, s.uptime(engine.loop().now()), zone);
    }

    /** The contract's view of a snapshot, with its description as supervisorctl's and the lifecycle's. */
    static ProcessInfo info(ProcessSnapshot s, long uptime, ZoneId zone) {
        return new ProcessInfo(
                s.name(),
                s.program(),
                s.group(),
                s.state(),
                s.pid(),
                Texts.description(s, uptime, zone),
                s.startTime(),
                exitCode(s),
                s.restarts(),
                s.spawnError(),
                s.wanted(),
                s.wantedSource(),
                s.health().health(),
                s.health().lastCheck(),
                s.health().lastOk(),
                s.health().lastMessage(),
                s.health().failures(),
                Texts.waitingFor(s.waitingFor()),
                s.statusText());
    }

    static int exitCode(ProcessSnapshot s) {
        return s.exitStatus() == null ? -1 : s.exitStatus().code();
    }

    ZoneId zone() {
        return zone;
    }
}
