package taskmaster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import taskmaster.model.AutoRestart;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Signal;

/**
 * Random sequences of operations, reloads, child exits, spawn failures and clock moves on the
 * fake engine; {@link EngineHarness} checks the invariants after every step, and once quiet at
 * the end. Every counterexample found became a test in {@link EngineRegressionTest}.
 *
 * <p>CI runs jqwik's default 1000 tries of each property (about 15 s for both). A longer hunt:
 * {@code mvn -pl src -am test -Dtest=EnginePropertyTest -Djqwik.tries.default=20000}.
 */
class EnginePropertyTest {

    static final List<String> PROGRAMS = List.of("a", "b", "c", "d");

    /** One program of a generated configuration. */
    record Prog(
            String name,
            int numprocs,
            int variant,
            long stopDelay,
            boolean autostart,
            AutoRestart autorestart,
            int startSeconds,
            int startRetries,
            int stopSeconds,
            boolean exitTwoExpected,
            int priority) {

        List<ProcessSpec> specs() {
            List<ProcessSpec> out = new ArrayList<>();
            for (int i = 0; i < numprocs; i++) {
                String process = numprocs == 1 ? name : name + "_0" + i;
                out.add(Specs.spec(process, b -> {
                    b.program = name;
                    b.group = name;
                    b.argv = EngineHarness.argv(variant, stopDelay);
                    b.autostart = autostart;
                    b.autorestart = autorestart;
                    b.startSeconds = startSeconds;
                    b.startRetries = startRetries;
                    b.stopSeconds = stopSeconds;
                    b.exitCodes = exitTwoExpected ? Set.of(0, 2) : Set.of(0);
                    b.priority = priority;
                    return b;
                }));
            }
            return out;
        }
    }

    sealed interface Step {
        void apply(EngineHarness h);
    }

    /** Picks a process by index among those there are now; none when there are none. */
    static Optional<String> pick(EngineHarness h, int index) {
        List<String> names = h.names();
        return names.isEmpty() ? Optional.empty() : Optional.of(names.get(index % names.size()));
    }

    record Start(int index) implements Step {
        public void apply(EngineHarness h) {
            pick(h, index).ifPresent(h::start);
        }
    }

    record Stop(int index) implements Step {
        public void apply(EngineHarness h) {
            pick(h, index).ifPresent(h::stop);
        }
    }

    record Restart(int index) implements Step {
        public void apply(EngineHarness h) {
            pick(h, index).ifPresent(h::restart);
        }
    }

    record Forget(int index) implements Step {
        public void apply(EngineHarness h) {
            pick(h, index).ifPresent(h::forget);
        }
    }

    record SendSignal(int index, Signal signal) implements Step {
        public void apply(EngineHarness h) {
            pick(h, index).ifPresent(n -> h.signal(n, signal));
        }
    }

    record Reload(List<Prog> programs) implements Step {
        public void apply(EngineHarness h) {
            h.reload(config(programs));
        }
    }

    record Shutdown() implements Step {
        public void apply(EngineHarness h) {
            h.shutdown();
        }
    }

    /** The child exits with {@code code}, or is killed by {@code signal} when it is not 0. */
    record ChildExits(int index, int code, int signal) implements Step {
        public void apply(EngineHarness h) {
            pick(h, index)
                    .ifPresent(n -> h.childExits(n, signal != 0 ? ExitStatus.killed(signal) : ExitStatus.exited(code)));
        }
    }

    record FailSpawns(String program, boolean fail) implements Step {
        public void apply(EngineHarness h) {
            h.failSpawns(program, fail);
        }
    }

    record Advance(long millis) implements Step {
        public void apply(EngineHarness h) {
            h.advance(millis);
        }
    }

    static Configuration config(List<Prog> programs) {
        return Specs.config(programs.stream().flatMap(p -> p.specs().stream()).toArray(ProcessSpec[]::new));
    }

    /** Runs the steps, checking after each; the first violation fails with the history. */
    static void run(List<Prog> first, List<Step> steps) {
        EngineHarness h = new EngineHarness();
        h.reload(config(first));
        assertThat(h.check()).as("after the first load").isEmpty();
        int i = 0;
        for (Step step : steps) {
            step.apply(h);
            List<String> violations = h.check();
            assertThat(violations)
                    .as("after step %d, %s; history:%n%s", i, step, h.history())
                    .isEmpty();
            i++;
        }
        h.quiesce();
        assertThat(h.checkQuiet()).as("once quiet; history:%n%s", h.history()).isEmpty();
        // What the tries reached, printed by jqwik: a property that never gets there proves little.
        Statistics.label("reloaded").collect(h.events.stream().anyMatch(e -> e instanceof EngineEvent.Reloaded));
        Statistics.label("SIGKILL sent").collect(h.events.stream().anyMatch(e -> e instanceof EngineEvent.Killed));
        Statistics.label("spawn failed").collect(h.events.stream().anyMatch(e -> e instanceof EngineEvent.SpawnFailed));
        Statistics.label("gave up (FATAL)").collect(h.events.stream().anyMatch(e -> e instanceof EngineEvent.GaveUp));
        Statistics.label("spawns")
                .collect(h.launcher.spawns.size() < 5 ? "0-4" : h.launcher.spawns.size() < 15 ? "5-14" : "15+");
        Statistics.label("steps").collect(steps.size() < 15 ? "5-14" : steps.size() < 30 ? "15-29" : "30-50");
    }

    @Property
    void invariantsHoldAfterEveryStep(@ForAll("configurations") List<Prog> first, @ForAll("steps") List<Step> steps) {
        run(first, steps);
    }

    @Property
    void shutdownAfterAnythingStopsEverythingAndSpawnsNothing(
            @ForAll("configurations") List<Prog> first, @ForAll("steps") List<Step> steps) {
        List<Step> then = new ArrayList<>(steps);
        then.add(new Shutdown());
        run(first, then);
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Prog>> configurations() {
        return Combinators.combine(
                        PROGRAMS.stream().map(n -> prog(n).optional(0.7)).toList())
                .as(all -> all.stream().flatMap(Optional::stream).toList());
    }

    private Arbitrary<Prog> prog(String name) {
        Arbitrary<Integer> numprocs = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, 1), net.jqwik.api.Tuple.of(2, 2), net.jqwik.api.Tuple.of(1, 3));
        Arbitrary<Integer> variant = Arbitraries.integers().between(0, 1);
        Arbitrary<Long> stopDelay = Arbitraries.of(-1L, 0L, 200L, 1500L, 7000L);
        Arbitrary<Boolean> autostart =
                Arbitraries.frequency(net.jqwik.api.Tuple.of(4, true), net.jqwik.api.Tuple.of(1, false));
        Arbitrary<AutoRestart> autorestart = Arbitraries.of(AutoRestart.class);
        Arbitrary<Integer> startSeconds = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> startRetries = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> stopSeconds = Arbitraries.integers().between(0, 5);
        Arbitrary<Boolean> exitTwo = Arbitraries.of(true, false);
        Arbitrary<Integer> priority = Arbitraries.of(1, 5, 9);
        Arbitrary<Prog> launch = Combinators.combine(numprocs, variant, stopDelay, autostart, autorestart)
                .as((n, v, d, as, ar) -> new Prog(name, n, v, d, as, ar, 0, 0, 0, false, 0));
        return Combinators.combine(launch, startSeconds, startRetries, stopSeconds, exitTwo, priority)
                .as((p, ss, sr, st, e2, pr) -> new Prog(
                        name,
                        p.numprocs(),
                        p.variant(),
                        p.stopDelay(),
                        p.autostart(),
                        p.autorestart(),
                        ss,
                        sr,
                        st,
                        e2,
                        pr));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 11);
        Arbitrary<Step> start = index.map(Start::new);
        Arbitrary<Step> stop = index.map(Stop::new);
        Arbitrary<Step> restart = index.map(Restart::new);
        Arbitrary<Step> forget = index.map(Forget::new);
        Arbitrary<Step> signal = Combinators.combine(
                        index, Arbitraries.of(Signal.TERM, Signal.HUP, Signal.USR1, Signal.KILL))
                .as(SendSignal::new);
        Arbitrary<Step> reload = configurations().map(Reload::new);
        Arbitrary<Step> exit = Combinators.combine(
                        index, Arbitraries.integers().between(0, 2), Arbitraries.of(0, 0, 0, 9, 15))
                .as(ChildExits::new);
        Arbitrary<Step> fail = Combinators.combine(Arbitraries.of(PROGRAMS), Arbitraries.of(true, false))
                .as(FailSpawns::new);
        Arbitrary<Step> advance = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 300)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(300, 3000)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(3000, 12_000)))
                .map(Advance::new);
        Arbitrary<Step> shutdown = Arbitraries.just(new Shutdown());
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, start),
                net.jqwik.api.Tuple.of(3, stop),
                net.jqwik.api.Tuple.of(3, restart),
                net.jqwik.api.Tuple.of(2, forget),
                net.jqwik.api.Tuple.of(1, signal),
                net.jqwik.api.Tuple.of(3, reload),
                net.jqwik.api.Tuple.of(4, exit),
                net.jqwik.api.Tuple.of(3, fail),
                net.jqwik.api.Tuple.of(8, advance),
                net.jqwik.api.Tuple.of(1, shutdown));
        return step.list().ofMinSize(5).ofMaxSize(50).withSizeDistribution(RandomDistribution.uniform());
    }
}
