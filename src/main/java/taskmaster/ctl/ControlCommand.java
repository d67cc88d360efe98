package taskmaster.ctl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.ctl.Supervisor.Prog;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;
import taskmaster.mbeans.ProcessState;

/**
 * {@code start}, {@code stop} and {@code restart}, as supervisorctl runs them: each name in turn,
 * one line a process ({@code web:web_00: started}, {@code api: ERROR (already started)}), and
 * supervisorctl's exit status ({@link ExitStatus}). A name that selects several processes
 * ({@code group:*}, {@code all}, a program) leaves out those already as asked, as supervisord's
 * group operations do; a single process already as asked is reported and does not fail.
 * {@code restart} prints what supervisorctl prints: the stops, then the starts. {@code stop
 * --with-dependents} also stops, first, what depends on the names (depends_on).
 */
final class ControlCommand implements Command {

    /** Stops what depends on the names too, dependents first; without it such a stop is refused. */
    static final String WITH_DEPENDENTS = "--with-dependents";

    private final String verb;
    private final String summary;

    ControlCommand(String verb, String summary) {
        this.verb = verb;
        this.summary = summary;
    }

    @Override
    public String name() {
        return verb;
    }

    /** {@code restart --rolling}: one process at a time, each RUNNING again before the next. */
    static final String ROLLING = "--rolling";

    @Override
    public String usage() {
        return verb
                + (verb.equals("restart") ? " [" + ROLLING + "]" : "")
                + (verb.equals("stop") ? " [" + WITH_DEPENDENTS + "]" : "")
                + " <name|group:*|all>...";
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String details() {
        String what = switch (verb) {
            case "stop" ->
                "Waits until each process is STOPPED and prints 'name: stopped'. A process others depend on\n"
                        + "(depends_on) is not stopped while they are up: 'name: ERROR (has dependents: ...)' names\n"
                        + "them. --with-dependents stops them too, first, then the names.";
            case "start" -> "Waits until each process is RUNNING or has failed and prints 'name: started'.";
            default ->
                "Stops the names, then starts them: 'name: stopped' lines, then 'name: started' lines.\n" + ROLLING
                        + " restarts one process at a time, the next only once the one before is RUNNING again, and"
                        + " prints 'name: restarted' for each; if one does not come back it stops there, and the"
                        + " processes not restarted say 'ERROR (failed: not restarted ...)'.";
        };
        return what
                + """

                A group:*, all or a program leaves out the processes already %s; a single
                process says 'name: ERROR (%s)'.
                Exit code, supervisorctl's: 0 when all went well (that error included), 7 for a
                spawn error, an abnormal termination or a process not running, 1 for an unknown
                name or another failure%s.\
                """.formatted(
                                verb.equals("stop") ? "stopped" : "started",
                                verb.equals("stop") ? "not running" : "already started",
                                verb.equals("start") ? ", 2 for an unknown group:* or no name" : "");
    }

    @Override
    public Args args() {
        return Args.NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        boolean rolling = verb.equals("restart") && args.contains(ROLLING);
        boolean withDependents = verb.equals("stop") && args.contains(WITH_DEPENDENTS);
        List<String> names = ProcessNames.split(args.stream()
                .filter(a -> !(rolling && a.equals(ROLLING)) && !(withDependents && a.equals(WITH_DEPENDENTS)))
                .toList());
        if (names.isEmpty()) {
            ctx.out().println("Error: " + verb + " requires a process name");
            ctx.out().println(usage());
            return verb.equals("start") ? Exit.USAGE : Exit.FAILED;
        }
        List<Proc> processes = ctx.supervisor().processes();
        ExitStatus status = new ExitStatus();
        if (rolling) {
            rolling(names, processes, ctx, status);
        } else if (verb.equals("restart")) {
            restart(names, processes, ctx, status);
        } else {
            act(withDependents ? "stopWithDependents" : verb, names, processes, ctx, status);
        }
        return status.code();
    }

    /**
     * supervisorctl's restart is its stop of the names, then its start of them, and prints both.
     * Here it is the daemon's restart, one operation that goes on should the client be
     * interrupted, and the stop lines are told from the states the processes were in before:
     * a process that was up is "stopped", a single one that was not is "ERROR (not running)"
     * (and one of a group:* or all is left out, as supervisord's stop of a group leaves it out).
     */
    private static void restart(List<String> names, List<Proc> processes, Context ctx, ExitStatus status)
            throws CtlException {
        OutcomeLines lines = new OutcomeLines(processes);
        Map<String, Proc> before = new HashMap<>();
        processes.forEach(p -> before.put(p.name(), p));
        List<String> stops = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        ExitStatus stopStatus = new ExitStatus();
        for (String name : names.contains(ProcessNames.ALL) ? List.of(ProcessNames.ALL) : names) {
            boolean several = name.equals(ProcessNames.ALL) || selectsSeveral(name, processes);
            List<Outcome> outcomes;
            try {
                outcomes = ctx.supervisor().control("restart", List.of(name));
            } catch (CtlException e) {
                if (!e.is(Fault.BAD_NAME)) {
                    throw e;
                }
                // supervisorctl says so twice: in its stop, then in its start
                String line = Namespec.isGroupSelector(name)
                        ? Namespec.groupOf(name) + ": ERROR (no such group)"
                        : name + ": ERROR (no such process)";
                stops.add(line);
                starts.add(line);
                stopStatus.set(Exit.FAILED);
                status.set(Namespec.isGroupSelector(name) ? Exit.USAGE : Exit.FAILED);
                continue;
            }
            if (name.equals(ProcessNames.ALL)) {
                outcomes = inSupervisordOrder(outcomes, processes, ctx.supervisor());
            }
            for (Outcome o : outcomes) {
                Proc was = before.get(o.name());
                boolean wasUp = was != null && isUp(was.state());
                if (wasUp) {
                    stops.add(lines.line(new Outcome(o.name(), true, "", ""), "stopped"));
                } else if (!several) {
                    stops.add(lines.line(new Outcome(o.name(), false, Fault.NOT_RUNNING.name(), ""), "stopped"));
                }
                starts.add(lines.line(o, "started"));
                status.fault(o.fault(), Fault.ALREADY_STARTED);
            }
        }
        stops.forEach(ctx.out()::println);
        starts.forEach(ctx.out()::println);
        if (status.code() == Exit.OK) {
            status.set(stopStatus.code());
        }
    }

    /**
     * One rolling restart of every name together (a pool is rolled as one, whatever names select
     * it): one line per process, in the order the daemon restarted them; the exit status as
     * restart's.
     */
    private static void rolling(List<String> names, List<Proc> processes, Context ctx, ExitStatus status)
            throws CtlException {
        OutcomeLines lines = new OutcomeLines(processes);
        List<Outcome> outcomes;
        try {
            outcomes = ctx.supervisor().control("restartRolling", names);
        } catch (CtlException e) {
            if (!e.is(Fault.BAD_NAME)) {
                throw e;
            }
            ctx.out().println("Error: " + e.getMessage());
            status.set(Exit.FAILED);
            return;
        }
        for (Outcome o : outcomes) {
            ctx.out().println(lines.line(o, "restarted"));
            status.fault(o.fault(), null);
        }
    }

    /** supervisord's RUNNING_STATES, those its stop acts on: STARTING, RUNNING, BACKOFF. */
    private static boolean isUp(String state) {
        try {
            return ProcessState.valueOf(state).isLive();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** supervisorctl's do_start or do_stop of the names. */
    private static void act(String verb, List<String> names, List<Proc> processes, Context ctx, ExitStatus status)
            throws CtlException {
        boolean start = verb.equals("start"); // else stop or stopWithDependents
        Fault expected = start ? Fault.ALREADY_STARTED : Fault.NOT_RUNNING;
        String success = start ? "started" : "stopped";
        OutcomeLines lines = new OutcomeLines(processes);
        if (names.contains(ProcessNames.ALL)) {
            List<Outcome> outcomes = ctx.supervisor().control(verb, List.of(ProcessNames.ALL));
            for (Outcome o : inSupervisordOrder(outcomes, processes, ctx.supervisor())) {
                if (!o.fault().equals(expected.name())) {
                    ctx.out().println(lines.line(o, success));
                    status.fault(o.fault(), expected);
                }
            }
            return;
        }
        for (String name : names) {
            boolean several = selectsSeveral(name, processes);
            List<Outcome> outcomes;
            try {
                outcomes = ctx.supervisor().control(verb, List.of(name));
            } catch (CtlException e) {
                if (!e.is(Fault.BAD_NAME)) {
                    throw e;
                }
                if (Namespec.isGroupSelector(name)) {
                    ctx.out().println(Namespec.groupOf(name) + ": ERROR (no such group)");
                    status.set(start ? Exit.USAGE : Exit.FAILED);
                } else {
                    ctx.out().println(name + ": ERROR (no such process)");
                    status.fault(Fault.BAD_NAME.name(), expected);
                }
                continue;
            }
            for (Outcome o : outcomes) {
                if (several && o.fault().equals(expected.name())) {
                    continue;
                }
                ctx.out().println(lines.line(o, success));
                status.fault(o.fault(), expected);
            }
        }
    }

    /** Whether a name selects processes by their group or program rather than one process by its name. */
    static boolean selectsSeveral(String name, List<Proc> processes) {
        if (name.contains(":")) {
            return Namespec.isGroupSelector(name);
        }
        return processes.stream().noneMatch(p -> p.name().equals(name));
    }

    /**
     * supervisord's order for {@code all}: by priority, then by group and name (the order its
     * start and stop of everything answer in, whatever order the daemon acted in).
     */
    static List<Outcome> inSupervisordOrder(List<Outcome> outcomes, List<Proc> processes, Supervisor sup)
            throws CtlException {
        Map<String, Integer> priority = new HashMap<>();
        for (Prog p : sup.programs()) {
            priority.put(p.name(), p.priority());
        }
        Map<String, Proc> byName = new HashMap<>();
        processes.forEach(p -> byName.put(p.name(), p));
        Comparator<Outcome> order = Comparator.comparingInt((Outcome o) -> byName.containsKey(o.name())
                        ? priority.getOrDefault(byName.get(o.name()).program(), 0)
                        : 0)
                .thenComparing(
                        o -> byName.containsKey(o.name()) ? byName.get(o.name()).group() : "")
                .thenComparing(Outcome::name);
        return outcomes.stream().sorted(order).toList();
    }
}
