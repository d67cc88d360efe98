package taskmaster.management;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.management.AttributeChangeNotification;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.HealthChange;
import taskmaster.mbeans.LimitExceeded;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.OutputGrown;
import taskmaster.mbeans.StateChange;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.output.LogStream;

/**
 * Keeps the Program and Process beans in step with the configuration in force (a reload
 * registers added beans, unregisters removed ones and leaves the others in place) and turns each
 * state change and each change of health into an {@link AttributeChangeNotification} on the
 * process's bean and on the Supervisor bean. Called on the engine's loop: it only registers beans
 * and queues notifications, which a separate thread delivers in order.
 */
final class BeanRegistry implements EngineListener {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");
    static final CompositeType CHANGE_TYPE = changeType();
    static final CompositeType HEALTH_TYPE = healthType();
    static final CompositeType LIMIT_TYPE = limitType();
    static final CompositeType OUTPUT_TYPE = outputType();
    static final MBeanNotificationInfo STATE_CHANGE_INFO = new MBeanNotificationInfo(
            new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
            AttributeChangeNotification.class.getName(),
            "A process changed state (attribute State; userData holds process, program, oldState, newState, pid,"
                    + " exitStatus and time in epoch ms) or health (attribute Health; userData holds process, program,"
                    + " oldHealth, newHealth, message, failures and time).");
    /** A process was restarted because its health checks failed. */
    static final String UNHEALTHY = "taskmaster.process.unhealthy";
    /** A process was restarted because its sd_notify watchdog ran out. */
    static final String WATCHDOG = "taskmaster.process.watchdog";
    /** A process was restarted because it stayed over memory_limit or cpu_limit. */
    static final String LIMIT = LimitExceeded.NOTIFICATION;

    static final MBeanNotificationInfo RESTART_INFO = new MBeanNotificationInfo(
            new String[] {UNHEALTHY, WATCHDOG, LIMIT},
            Notification.class.getName(),
            "A process is restarted because its health checks failed (" + UNHEALTHY + ") or it sent no"
                    + " WATCHDOG=1 in time (" + WATCHDOG + "); the message says why, userData is the process name."
                    + " Or it stayed over memory_limit or cpu_limit (" + LIMIT + "); userData holds process, pid,"
                    + " kind (memory or cpu), value, limit, samples and time.");
    /** The captured output of a process grew (coalesced: see {@link OutputNotices}). */
    static final String OUTPUT = OutputGrown.NOTIFICATION;

    static final MBeanNotificationInfo OUTPUT_INFO = new MBeanNotificationInfo(
            new String[] {OUTPUT},
            Notification.class.getName(),
            "The output captured of a stream of the process grew (" + OUTPUT + "), at most once per stream every"
                    + " 250 ms however much was written: read the log then (readStdout, readStderr). userData holds"
                    + " process, stream (stdout or stderr), bytes (captured so far, every run) and time.");

    private final MBeanServer server;
    private final Ops ops;
    private final Control control;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("taskmaster-notifications").daemon(true).factory());
    private final ListenedEmitter supervisorEmitter = new ListenedEmitter(delivery, STATE_CHANGE_INFO, RESTART_INFO);
    private final AtomicLong sequence = new AtomicLong();
    /**
     * Registered process beans by process name, and their emitters. Changed under the registry's
     * lock, read without it: the loop's notifications must not wait for a sync, which registers
     * 1000 beans at the start-up while the loop spawns.
     */
    private final Map<String, Registered> processes = new ConcurrentHashMap<>();

    private final Set<String> programs = new HashSet<>();
    private final OutputNotices outputNotices;

    private record Registered(ObjectName name, ListenedEmitter emitter) {}

    BeanRegistry(MBeanServer server, Ops ops, Control control) {
        this.server = server;
        this.ops = ops;
        this.control = control;
        // The counts are looked up when a tick runs: a registry made for its notifications alone has no ops.
        this.outputNotices =
                new OutputNotices(this::processNames, p -> ops.logs().counts(p), this::notifyOutput);
    }

    /**
     * Starts telling of grown output: a thread of its own while a process bean has a listener,
     * stopped by {@link #close}.
     */
    void startOutputNotices() {
        outputNotices.start();
    }

    NotificationBroadcasterSupport supervisorEmitter() {
        return supervisorEmitter;
    }

    @Override
    public void onEvent(EngineEvent event) {
        switch (event) {
            case EngineEvent.StateChanged e -> notifyChange(e);
            case EngineEvent.HealthChanged e -> notifyHealth(e);
            case EngineEvent.Reloaded r -> syncToEngine(null);
            case EngineEvent.Unhealthy e ->
                notifyRestart(
                        e.process(),
                        UNHEALTHY,
                        e.process() + ": restarted after " + e.failures() + " failed health checks in a row (last: "
                                + e.lastMessage() + ")");
            case EngineEvent.WatchdogExpired e ->
                notifyRestart(
                        e.process(),
                        WATCHDOG,
                        e.process() + ": restarted, no WATCHDOG=1 for " + e.seconds() + " s (watchdog)");
            case EngineEvent.LimitExceeded e -> notifyLimit(e);
            default -> {}
        }
    }

    /**
     * {@link #sync} to the engine's configuration in force, read under the registry's lock: of a
     * start-up's first sync and a reload's racing it, the one that runs last has the newest.
     *
     * @param beforeFirst what to sync to while the engine has applied no configuration yet
     */
    synchronized void syncToEngine(Configuration beforeFirst) {
        Configuration now = ops.engine().configuration();
        if (now != null) {
            sync(now);
        } else if (beforeFirst != null) {
            sync(beforeFirst);
        }
    }

    /** Registers the beans of {@code config} that are missing and unregisters those it no longer has. */
    synchronized void sync(Configuration config) {
        Set<String> wantedPrograms = new HashSet<>();
        Map<String, ProcessSpec> wantedProcesses = new HashMap<>();
        for (ProgramSpec p : config.programs()) {
            wantedPrograms.add(p.name());
            p.processes().forEach(s -> wantedProcesses.put(s.name(), s));
        }
        for (String name : Set.copyOf(processes.keySet())) {
            ProcessSpec s = wantedProcesses.get(name);
            Registered r = processes.get(name);
            if (s == null || !r.name().equals(ObjectNames.process(s.program(), s.name()))) {
                unregister(r.name());
                r.emitter().forget();
                processes.remove(name);
            }
        }
        for (String name : Set.copyOf(programs)) {
            if (!wantedPrograms.contains(name)) {
                unregister(ObjectNames.program(name));
                programs.remove(name);
            }
        }
        for (String name : wantedPrograms) {
            if (programs.add(name)) {
                register(
                        new DescribedMBean<>(
                                new ProgramBean(ops, control, name),
                                taskmaster.mbeans.ProgramMXBean.class,
                                new NotificationBroadcasterSupport()),
                        ObjectNames.program(name));
            }
        }
        wantedProcesses
                .values()
                .forEach(s -> processes.computeIfAbsent(s.name(), n -> {
                    ListenedEmitter emitter = new ListenedEmitter(
                            delivery, outputNotices::listeners, STATE_CHANGE_INFO, RESTART_INFO, OUTPUT_INFO);
                    ObjectName on = ObjectNames.process(s.program(), s.name());
                    register(
                            new DescribedMBean<>(
                                    new ProcessBean(ops, s.name(), s.program(), s.group()),
                                    taskmaster.mbeans.ProcessMXBean.class,
                                    emitter),
                            on);
                    return new Registered(on, emitter);
                }));
    }

    /** Unregisters every Program and Process bean. */
    synchronized void clear() {
        processes.values().forEach(r -> {
            unregister(r.name());
            r.emitter().forget();
        });
        programs.forEach(p -> unregister(ObjectNames.program(p)));
        processes.clear();
        programs.clear();
    }

    void close() {
        outputNotices.close();
        clear();
        delivery.shutdown();
    }

    private void notifyChange(EngineEvent.StateChanged e) {
        long time = System.currentTimeMillis();
        send(e.snapshot().name(), source -> notification(source, e, time));
    }

    private void notifyHealth(EngineEvent.HealthChanged e) {
        long time = System.currentTimeMillis();
        send(e.snapshot().name(), source -> healthNotification(source, e, time));
    }

    /**
     * One notification on the process's bean (when it has one) and one on the Supervisor bean,
     * each with its own source and sequence number, as every process notification goes.
     */
    private void send(String process, Function<ObjectName, Notification> make) {
        Registered r = processes.get(process);
        if (r != null) {
            deliver(r.emitter(), r.name(), make);
        }
        deliver(supervisorEmitter, ObjectNames.SUPERVISOR, make);
    }

    /**
     * Sends to the emitter's listeners; with none, only takes the number the notification would
     * have had, so that what a listener receives is numbered in one order with every other
     * notification, heard or not.
     */
    private void deliver(ListenedEmitter to, ObjectName source, Function<ObjectName, Notification> make) {
        if (to.listened()) {
            to.sendNotification(make.apply(source));
        } else {
            sequence.incrementAndGet();
        }
    }

    private Notification healthNotification(ObjectName source, EngineEvent.HealthChanged e, long time) {
        ProcessSnapshot s = e.snapshot();
        return attributeChange(
                source,
                time,
                s.name() + ": health " + e.from() + " -> " + e.to(),
                "Health",
                e.from().name(),
                e.to().name(),
                HEALTH_TYPE,
                Map.of(
                        HealthChange.PROCESS,
                        s.name(),
                        HealthChange.PROGRAM,
                        s.program(),
                        HealthChange.OLD_HEALTH,
                        e.from().name(),
                        HealthChange.NEW_HEALTH,
                        e.to().name(),
                        HealthChange.MESSAGE,
                        s.health().lastMessage(),
                        HealthChange.FAILURES,
                        s.health().failures(),
                        HealthChange.TIME,
                        time));
    }

    /** On the process's bean and on the Supervisor bean, as a state change is. */
    private void notifyRestart(String process, String type, String message) {
        long time = System.currentTimeMillis();
        send(process, source -> restart(source, type, process, message, time));
    }

    private Notification restart(ObjectName source, String type, String process, String message, long time) {
        Notification n = new Notification(type, source, sequence.incrementAndGet(), time, message);
        n.setUserData(process);
        return n;
    }

    private List<String> processNames() {
        return List.copyOf(processes.keySet());
    }

    /** On the process's bean only: the Supervisor bean's listeners follow state, not every write. */
    void notifyOutput(String process, LogStream stream, long bytes) {
        Registered r = processes.get(process);
        if (r == null) {
            return;
        }
        long time = System.currentTimeMillis();
        String word = stream == LogStream.STDERR ? "stderr" : "stdout";
        Notification n = new Notification(
                OUTPUT, r.name(), sequence.incrementAndGet(), time, process + ": " + word + " " + bytes + " bytes");
        try {
            n.setUserData(new CompositeDataSupport(
                    OUTPUT_TYPE,
                    Map.of(
                            OutputGrown.PROCESS,
                            process,
                            OutputGrown.STREAM,
                            word,
                            OutputGrown.BYTES,
                            bytes,
                            OutputGrown.TIME,
                            time)));
        } catch (OpenDataException ex) {
            throw new IllegalStateException(ex);
        }
        r.emitter().sendNotification(n);
    }

    private void notifyLimit(EngineEvent.LimitExceeded e) {
        long time = System.currentTimeMillis();
        Map<String, Object> items = Map.of(
                LimitExceeded.PROCESS,
                e.process(),
                LimitExceeded.PID,
                e.pid(),
                LimitExceeded.KIND,
                e.kind().word(),
                LimitExceeded.VALUE,
                e.observed(),
                LimitExceeded.LIMIT,
                e.limit(),
                LimitExceeded.SAMPLES,
                e.samples(),
                LimitExceeded.TIME,
                time);
        send(e.process(), source -> {
            Notification n = new Notification(
                    LIMIT, source, sequence.incrementAndGet(), time, e.process() + ": restarted, " + e.describe());
            try {
                n.setUserData(new CompositeDataSupport(LIMIT_TYPE, items));
            } catch (OpenDataException ex) {
                throw new IllegalStateException(ex);
            }
            return n;
        });
    }

    private Notification notification(ObjectName source, EngineEvent.StateChanged e, long time) {
        ProcessSnapshot s = e.snapshot();
        return attributeChange(
                source,
                time,
                s.name() + ": " + e.from() + " -> " + e.to(),
                "State",
                e.from().name(),
                e.to().name(),
                CHANGE_TYPE,
                Map.of(
                        StateChange.PROCESS,
                        s.name(),
                        StateChange.PROGRAM,
                        s.program(),
                        StateChange.OLD_STATE,
                        e.from().name(),
                        StateChange.NEW_STATE,
                        e.to().name(),
                        StateChange.PID,
                        s.pid(),
                        StateChange.EXIT_STATUS,
                        Ops.exitCode(s),
                        StateChange.TIME,
                        time));
    }

    /** A change of a string attribute (State, Health), its items as user data of {@code type}. */
    private Notification attributeChange(
            ObjectName source,
            long time,
            String message,
            String attribute,
            String from,
            String to,
            CompositeType type,
            Map<String, ?> items) {
        AttributeChangeNotification n = new AttributeChangeNotification(
                source, sequence.incrementAndGet(), time, message, attribute, String.class.getName(), from, to);
        try {
            n.setUserData(new CompositeDataSupport(type, items));
        } catch (OpenDataException ex) {
            throw new IllegalStateException(ex);
        }
        return n;
    }

    private void register(Object bean, ObjectName name) {
        try {
            server.registerMBean(bean, name);
        } catch (JMException ex) {
            LOG.error("could not register {}: {}", name, ex.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException ignored) {
            // already gone
        } catch (JMException ex) {
            LOG.error("could not unregister {}: {}", name, ex.toString());
        }
    }

    private static CompositeType healthType() {
        try {
            return new CompositeType(
                    HealthChange.TYPE,
                    "A change of a process's health",
                    HealthChange.ITEMS.toArray(String[]::new),
                    new String[] {
                        "the process",
                        "its program",
                        "the health before",
                        "the health after",
                        "what the last check said",
                        "failed checks in a row",
                        "when, in epoch ms"
                    },
                    new OpenType<?>[] {
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.INTEGER,
                        SimpleType.LONG
                    });
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static CompositeType limitType() {
        try {
            return new CompositeType(
                    LimitExceeded.TYPE,
                    "A restart for a usage limit",
                    LimitExceeded.ITEMS.toArray(String[]::new),
                    new String[] {
                        "the process",
                        "its pid when it was over the limit",
                        "memory or cpu",
                        "what the last sample found: bytes of RSS, or percent of one core",
                        "memory_limit in bytes, or cpu_limit in percent of one core",
                        "samples in a row over the limit",
                        "when, in epoch ms"
                    },
                    new OpenType<?>[] {
                        SimpleType.STRING,
                        SimpleType.LONG,
                        SimpleType.STRING,
                        SimpleType.DOUBLE,
                        SimpleType.DOUBLE,
                        SimpleType.INTEGER,
                        SimpleType.LONG
                    });
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static CompositeType outputType() {
        try {
            return new CompositeType(
                    OutputGrown.TYPE,
                    "The captured output of a process grew",
                    OutputGrown.ITEMS.toArray(String[]::new),
                    new String[] {
                        "the process", "stdout or stderr", "bytes captured of it so far, every run", "when, in epoch ms"
                    },
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static CompositeType changeType() {
        try {
            return new CompositeType(
                    StateChange.TYPE,
                    "A process state change",
                    StateChange.ITEMS.toArray(String[]::new),
                    new String[] {
                        "the process",
                        "its program",
                        "the state before",
                        "the state after",
                        "its pid (0 when not running)",
                        "its last exit code (-1: none or by signal)",
                        "when, in epoch ms"
                    },
                    new OpenType<?>[] {
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.STRING,
                        SimpleType.LONG,
                        SimpleType.INTEGER,
                        SimpleType.LONG
                    });
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
