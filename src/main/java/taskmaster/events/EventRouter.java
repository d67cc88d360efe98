package taskmaster.events;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import taskmaster.engine.EngineEvent;
import taskmaster.mbeans.ProcessState;
import taskmaster.model.Configuration;
import taskmaster.model.EventType;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.output.LogStream;

/**
 * The whole event system on one thread: the pools, the serials, the process states it needs,
 * and every input (the configurations applied, engine events, tapped output, the clock). Each
 * input publishes what it means to every pool subscribed, in the order the pools were made (the
 * first pool to accept an event gives it its global serial, as supervisord's subscription order
 * does), then lets every pool dispatch. Not thread-safe: {@link EventHub} calls it from its one
 * thread.
 */
final class EventRouter {

    private final StdinWriter stdin;
    private final Serial global = new Serial();
    private final StateEvents states = new StateEvents();
    private final Ticker ticker = new Ticker();
    /** By program name, in the order they were made. */
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    /** Every listener process, by name. */
    private final Map<String, Listener> listeners = new HashMap<>();
    /** The group of every process ever configured (a late line of a removed one still has one). */
    private final Map<String, String> groupOf = new HashMap<>();

    private final Map<String, ProcessState> processStates = new HashMap<>();
    /** The last pid of each process, for output read after the snapshot's pid went to 0. */
    private final Map<String, Long> lastPid = new HashMap<>();
    /** Groups gone from the configuration whose processes are not all down yet, with their processes. */
    private final Map<String, List<String>> leaving = new LinkedHashMap<>();

    private Configuration config;
    private boolean stopping;

    EventRouter(StdinWriter stdin) {
        this.stdin = stdin;
    }

    /**
     * A configuration is in force. The first one is supervisord's start: each group is added in
     * turn (a pool exists from its own group on, so it hears of itself and of the groups after
     * it), then SUPERVISOR_STATE_CHANGE_RUNNING, and the ticks begin. A later one adds the new
     * groups at once and removes the groups gone once their processes are down.
     */
    void configure(Configuration next, long nowMillis) {
        if (next == config) {
            return;
        }
        Map<String, List<String>> before = config == null ? Map.of() : Groups.of(config);
        Map<String, List<String>> after = Groups.of(next);
        boolean first = config == null;
        config = next;
        for (ProcessSpec p : next.processes()) {
            groupOf.put(p.name(), p.group());
        }
        Map<String, ProgramSpec> listenerPrograms = new LinkedHashMap<>();
        next.programs().stream().filter(ProgramSpec::isListener).forEach(p -> listenerPrograms.put(p.name(), p));
        for (String gone : List.copyOf(pools.keySet())) {
            if (!listenerPrograms.containsKey(gone)) {
                removePool(gone);
            }
        }
        for (ProgramSpec p : listenerPrograms.values()) {
            if (pools.containsKey(p.name())) {
                configurePool(pools.get(p.name()), p);
            }
        }
        for (Map.Entry<String, List<String>> g : before.entrySet()) {
            if (!after.containsKey(g.getKey())) {
                leaving.put(g.getKey(), g.getValue());
            }
        }
        for (String group : after.keySet()) {
            if (before.containsKey(group)) {
                continue;
            }
            if (leaving.containsKey(group)) {
                publishRemoved(group); // back before it was gone: it still went first
            }
            listenerPrograms.values().stream()
                    .filter(p -> p.group().equals(group))
                    .forEach(this::addPool);
            publish(Payloads.group(EventType.PROCESS_GROUP_ADDED, group));
        }
        listenerPrograms.values().forEach(this::addPool); // a program of a group kept that became a listener
        if (first) {
            publish(Payloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_RUNNING));
            ticker.at(nowMillis);
        }
        removeGroupsDown();
        dispatch();
    }

    /** The shutdown began: SUPERVISOR_STATE_CHANGE_STOPPING, once. */
    void shutdownBegan() {
        if (stopping || config == null) {
            return;
        }
        stopping = true;
        publish(Payloads.supervisorState(EventType.SUPERVISOR_STATE_CHANGE_STOPPING));
        dispatch();
    }

    void engine(EngineEvent event) {
        states.note(event);
        if (event instanceof EngineEvent.StateChanged e) {
            String name = e.snapshot().name();
            StateEvents.Tracked tracked = states.track(e);
            if (!pools.isEmpty()) { // the payload is text made for a listener: none, none made
                publish(StateEvents.payload(e, tracked));
            }
            processStates.put(name, e.to());
            if (e.snapshot().pid() != 0) {
                lastPid.put(name, e.snapshot().pid());
            }
            Listener l = listeners.get(name);
            if (l != null) {
                l.processChanged(e.to(), e.snapshot().pid());
            }
            removeGroupsDown();
        }
        dispatch();
    }

    /**
     * Output of a tapped stream: a listener's stdout is its protocol channel; anything else is
     * there because its {@code *_events_enabled} asked for {@code PROCESS_LOG_*} events.
     */
    void output(String process, LogStream stream, byte[] data, long pid) {
        Listener l = listeners.get(process);
        if (l != null && stream == LogStream.STDOUT) {
            l.output(data, pid);
        } else if (data.length > 0) {
            long p = pid != 0 ? pid : lastPid.getOrDefault(process, 0L);
            publish(Payloads.log(process, groupOf.getOrDefault(process, ""), p, stream, data));
        }
        dispatch();
    }

    /** An XML-RPC client's {@code sendRemoteCommEvent}. */
    void remote(String type, String data) {
        publish(Payloads.remote(type, data));
        dispatch();
    }

    /** The clock: ticks whose period rolled over since the last look. */
    void tick(long nowMillis) {
        if (config == null) {
            return;
        }
        ticker.at(nowMillis).forEach(this::publish);
        dispatch();
    }

    /** Whether some listener pool exists, so that ticks are worth looking at. */
    boolean hasPools() {
        return !pools.isEmpty();
    }

    /** Notes the time slices as they are now, so that a tick fires only when the next begins (ticks resumed after none were wanted). */
    void noteTicks(long nowMillis) {
        ticker.note(nowMillis);
    }

    /** Writes what stdin pipes did not take before; true while some is still left. */
    boolean flush() {
        boolean left = false;
        for (Pool p : pools.values()) {
            left |= p.flush(stdin);
        }
        return left;
    }

    /** Whether some envelope is still partly unwritten, so a {@link #flush} is due. */
    boolean unsent() {
        return pools.values().stream().flatMap(p -> p.listeners().stream()).anyMatch(Listener::hasUnsent);
    }

    Pool pool(String name) {
        return pools.get(name);
    }

    private void publish(Event event) {
        for (Pool p : pools.values()) {
            if (p.wants(event.type)) {
                p.accept(event, false);
            }
        }
    }

    private void dispatch() {
        for (Pool p : pools.values()) {
            p.dispatch(stdin);
        }
    }

    /** A pool for a listener program that has none yet: from now on it hears what is published. */
    private void addPool(ProgramSpec program) {
        if (!pools.containsKey(program.name())) {
            Pool pool = new Pool(program.name(), program.listener(), global);
            pools.put(program.name(), pool);
            configurePool(pool, program);
        }
    }

    private void configurePool(Pool pool, ProgramSpec program) {
        List<String> names = program.processes().stream().map(ProcessSpec::name).toList();
        for (Listener l : pool.listeners()) {
            if (!names.contains(l.name)) {
                listeners.remove(l.name);
            }
        }
        pool.configure(program.listener(), names);
        for (Listener l : pool.listeners()) {
            if (listeners.put(l.name, l) == null) {
                l.processChanged(
                        processStates.getOrDefault(l.name, ProcessState.STOPPED), lastPid.getOrDefault(l.name, 0L));
            }
        }
    }

    private void removePool(String name) {
        Pool pool = pools.remove(name);
        pool.listeners().forEach(l -> listeners.remove(l.name));
    }

    private void removeGroupsDown() {
        Set<String> down = new HashSet<>();
        leaving.forEach((group, procs) -> {
            if (procs.stream()
                    .allMatch(p ->
                            processStates.getOrDefault(p, ProcessState.STOPPED).isDown())) {
                down.add(group);
            }
        });
        for (String group : List.copyOf(leaving.keySet())) {
            if (down.contains(group)) {
                publishRemoved(group);
            }
        }
    }

    private void publishRemoved(String group) {
        List<String> procs = leaving.remove(group);
        if (procs != null) {
            procs.forEach(p -> {
                processStates.remove(p);
                states.forget(p);
            });
        }
        publish(Payloads.group(EventType.PROCESS_GROUP_REMOVED, group));
    }
}
