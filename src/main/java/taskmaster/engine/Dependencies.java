package taskmaster.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.ProcessSpec;

/**
 * The {@code depends_on} graph over the processes at one moment: a name stands for every process
 * of the program, or of the group, it names. Built on the loop for one decision and thrown away,
 * since a reload or a relaunch may change any process's dependencies or group.
 *
 * <p>The rules it serves, systemd's {@code Wants=} with {@code After=}: a process is spawned only
 * once every process it depends on is RUNNING; what is depended on stops after what depends on
 * it; a dependency that crashes while its dependents run does not stop them (its own autorestart
 * brings it back, and a dependent that needs a restart waits for it).
 */
final class Dependencies {

    private final List<Proc> all;
    private final Map<String, List<Proc>> byName = new HashMap<>();
    /** See {@link #reverse()}; null until then. */
    private IdentityHashMap<Proc, List<Proc>> reverse;

    private Dependencies(Collection<Proc> procs) {
        this.all = List.copyOf(procs);
        for (Proc p : all) {
            byName.computeIfAbsent(p.spec().program(), k -> new ArrayList<>()).add(p);
            if (!p.spec().group().equals(p.spec().program())) {
                byName.computeIfAbsent(p.spec().group(), k -> new ArrayList<>()).add(p);
            }
        }
    }

    /**
     * Each process's direct dependents, made at the first ask and kept: a stop of 1000 asks for
     * the dependents of each, and building it for every ask made that 1000 × 1000 lookups.
     */
    private IdentityHashMap<Proc, List<Proc>> reverse() {
        if (reverse == null) {
            reverse = new IdentityHashMap<>();
            for (Proc p : all) {
                for (Proc d : of(p)) {
                    reverse.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
                }
            }
        }
        return reverse;
    }

    static Dependencies of(Collection<Proc> procs) {
        return new Dependencies(procs);
    }

    /** The processes a depends_on name stands for, other than {@code self}. */
    private List<Proc> named(String name, String self) {
        return byName.getOrDefault(name, List.of()).stream()
                .filter(p -> !p.name().equals(self))
                .toList();
    }

    /** What {@code p} depends on directly. */
    List<Proc> of(Proc p) {
        LinkedHashSet<Proc> out = new LinkedHashSet<>();
        for (String n : p.spec().lifecycle().dependsOn()) {
            out.addAll(named(n, p.name()));
        }
        return List.copyOf(out);
    }

    /**
     * The dependencies of {@code spec}, as written, that are not up: a name stands until every
     * process it names is RUNNING (a name with no process yet stands too).
     */
    List<String> blockers(ProcessSpec spec) {
        List<String> out = new ArrayList<>();
        for (String n : spec.lifecycle().dependsOn()) {
            List<Proc> ps = named(n, spec.name());
            if (ps.isEmpty() || ps.stream().anyMatch(p -> p.state() != ProcessState.RUNNING)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Everything the given processes depend on, directly or not, themselves left out. */
    Set<Proc> closure(Collection<Proc> from) {
        Set<Proc> seen = identitySet();
        List<Proc> todo = new ArrayList<>(from);
        while (!todo.isEmpty()) {
            for (Proc d : of(todo.removeLast())) {
                if (seen.add(d)) {
                    todo.add(d);
                }
            }
        }
        from.forEach(seen::remove);
        return seen;
    }

    /** Everything that depends on the given processes, directly or not, themselves left out. */
    Set<Proc> dependents(Collection<Proc> of) {
        IdentityHashMap<Proc, List<Proc>> reverse = reverse();
        Set<Proc> seen = identitySet();
        List<Proc> todo = new ArrayList<>(of);
        while (!todo.isEmpty()) {
            for (Proc d : reverse.getOrDefault(todo.removeLast(), List.of())) {
                if (seen.add(d)) {
                    todo.add(d);
                }
            }
        }
        of.forEach(seen::remove);
        return seen;
    }

    /**
     * Why a waiting process may never start unless someone acts: a dependency, direct or through
     * others that wait too, that failed its start (BACKOFF or FATAL) or is down and not about to
     * start (stopped meanwhile, exited for good). Null when none is.
     */
    String failure(Proc waiting) {
        return failure(waiting, identitySet());
    }

    private String failure(Proc p, Set<Proc> seen) {
        if (!seen.add(p)) {
            return null;
        }
        for (Proc d : of(p)) {
            if (d.state() == ProcessState.BACKOFF || d.state().isDown() && !d.waiting()) {
                String why = d.snapshot().spawnError();
                return d.name() + " is " + d.state() + (why.isEmpty() ? "" : " (" + why + ")");
            }
            if (d.waiting()) {
                String deeper = failure(d, seen);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    /**
     * The processes in an order to start them in: each after what it depends on among them, and
     * otherwise by {@code order} (priority, then name).
     */
    List<Proc> startOrder(Collection<Proc> procs, Comparator<Proc> order) {
        Set<Proc> among = identitySet();
        among.addAll(procs);
        IdentityHashMap<Proc, Integer> pending = new IdentityHashMap<>();
        IdentityHashMap<Proc, List<Proc>> after = new IdentityHashMap<>();
        for (Proc p : among) {
            int n = 0;
            for (Proc d : of(p)) {
                if (among.contains(d)) {
                    n++;
                    after.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
                }
            }
            pending.put(p, n);
        }
        PriorityQueue<Proc> ready = new PriorityQueue<>(order);
        pending.forEach((p, n) -> {
            if (n == 0) {
                ready.add(p);
            }
        });
        List<Proc> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            Proc p = ready.poll();
            out.add(p);
            for (Proc q : after.getOrDefault(p, List.of())) {
                if (pending.merge(q, -1, Integer::sum) == 0) {
                    ready.add(q);
                }
            }
        }
        // A cycle (the configuration refuses them) must not lose a process: its members come last.
        if (out.size() < among.size()) {
            Set<Proc> placed = identitySet();
            placed.addAll(out);
            among.stream().filter(p -> !placed.contains(p)).sorted(order).forEach(out::add);
        }
        return out;
    }

    /**
     * The shutdown's steps: each step stops, all at once, the processes nothing still running
     * depends on that have the highest priority number among them; the next step waits for it.
     * Without dependencies these are the priority batches, highest number first.
     */
    List<List<Proc>> stopBatches(Collection<Proc> procs) {
        Set<Proc> left = identitySet();
        left.addAll(procs);
        IdentityHashMap<Proc, Set<Proc>> dependentsOf = new IdentityHashMap<>();
        for (Proc p : procs) {
            for (Proc d : of(p)) {
                dependentsOf.computeIfAbsent(d, k -> identitySet()).add(p);
            }
        }
        List<List<Proc>> batches = new ArrayList<>();
        while (!left.isEmpty()) {
            List<Proc> free = left.stream()
                    .filter(p -> dependentsOf.getOrDefault(p, Set.of()).stream().noneMatch(left::contains))
                    .toList();
            if (free.isEmpty()) {
                free = List.copyOf(left); // a cycle: stop what is left together
            }
            int top = free.stream().mapToInt(p -> p.spec().priority()).max().orElseThrow();
            List<Proc> batch = free.stream()
                    .filter(p -> p.spec().priority() == top)
                    .sorted(Comparator.comparing(Proc::name))
                    .toList();
            batches.add(batch);
            batch.forEach(left::remove);
        }
        return batches;
    }

    private static Set<Proc> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
