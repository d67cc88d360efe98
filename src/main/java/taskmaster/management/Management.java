package taskmaster.management;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.config.AtomicWrite;
import taskmaster.config.RunFiles;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.EngineListener;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.model.Configuration;
import taskmaster.output.OutputControl;
import taskmaster.resources.Usages;
import taskmaster.xmlrpc.RpcServer;
import taskmaster.xmlrpc.RpcServerException;

/**
 * The management plane: the MBeans in the platform MBean server (so {@code jconsole <pid>} sees
 * them too), Jolokia, and the optional RMI connector. The daemon creates it before the engine
 * (its {@link #listener()} must be given to the engine), {@link #start}s it (the addresses) before
 * the first configuration is applied, {@link #prepare}s it (the beans, Jolokia's handler) on a
 * thread of its own while the first programs spawn, {@link #open}s it once both the engine knows
 * every process and the preparation is done, and {@link #stop}s it last, at any of these moments.
 */
public final class Management {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");

    /**
     * The platform MBean server, taken by {@link #prepare}: making it registers the JVM's own
     * beans, 20-40 ms that were on the main thread before the first spawn.
     */
    private MBeanServer server;

    private final JolokiaService jolokia = new JolokiaService();
    private final RmiService rmi = new RmiService();
    /**
     * Serialises the start-up's steps and the stop: the steps run on the daemon's management
     * thread while a shutdown may stop everything from its own.
     */
    private final Object lock = new Object();

    private boolean stopped;
    private RpcServer rpc;
    // What start was given, for prepare.
    private ManagementSettings settings;
    private Ops ops;
    private Control control;
    private Configuration firstConfig;
    private String version;
    private long startTime;
    private volatile BeanRegistry registry;
    private volatile Usages usages = Usages.none();
    private Path urlFile;
    private String jolokiaUrl;
    private String jmxUrl;

    /** Where the beans read what each process costs; until it is given, nothing is sampled. */
    public void usages(Usages u) {
        usages = u;
    }

    /** Forwards engine events to the beans once they exist; safe to hand to the engine at once. */
    public EngineListener listener() {
        return (EngineEvent e) -> {
            BeanRegistry r = registry;
            if (r != null) {
                r.onEvent(e);
            }
        };
    }

    /**
     * Takes the addresses: Jolokia's (bound, answering nothing yet), the RMI connector's and
     * XML-RPC's, and writes the Jolokia URL file. A port in use fails here, before any program
     * starts. What costs time and no address, the beans and Jolokia's own services, waits for
     * {@link #prepare}, which the daemon runs while the first programs spawn. Nothing once stopped.
     * On failure nothing stays open.
     *
     * @param output  the captured output of the processes (its value may be null: no capture)
     * @param runFiles where the daemon's own files are: the Jolokia URL is written to its url file,
     *                 a generated credential kept in its secret file
     */
    public void start(
            Engine engine,
            Control control,
            Supplier<OutputControl> output,
            Configuration config,
            String version,
            long startTime,
            RunFiles runFiles)
            throws ManagementException {
        synchronized (lock) {
            if (stopped) {
                return; // a shutdown came first (a TERM while the daemon booted): nothing to bind
            }
            Path urlFile = runFiles == null ? null : runFiles.url();
            settings = ManagementSettings.from(config.daemon().management());
            Ops ops = new Ops(engine, output, () -> usages);
            this.ops = ops;
            this.control = control;
            this.firstConfig = config;
            this.version = version;
            this.startTime = startTime;
            try {
                if (settings.jolokia()) {
                    jolokiaUrl = jolokia.bind(settings, runFiles);
                    if (urlFile != null) {
                        writeUrl(urlFile, jolokiaUrl);
                        this.urlFile = urlFile;
                    }
                } else {
                    LOG.info("jolokia: off");
                }
                if (settings.jmxPort() != null) {
                    jmxUrl = rmi.bind(settings, runFiles == null ? null : runFiles.secret());
                }
                if (config.daemon().rpc().any()) {
                    rpc = RpcServer.start(
                            config.daemon().rpc(), new SupervisorRpc(ops, control, version, startTime, config.file()));
                }
            } catch (RpcServerException e) {
                stopLocked();
                throw new ManagementException(e.getMessage(), e);
            } catch (ManagementException e) {
                stopLocked();
                throw e;
            }
        }
    }

    /**
     * Registers the Supervisor bean and the beans of the configuration in force (the first one
     * until a reload replaced it), starts the RMI connector on its ports, then builds Jolokia's
     * services and handler; Jolokia answers nothing yet
     * (see {@link #open}). Runs on the caller's thread, one step at a time: a {@link #stop} waits
     * for the step under way, and the steps after it are not taken (the method then returns
     * without a failure: what a shutdown cuts short has not failed).
     *
     * @param reached told of each phase done: {@code beans registered}, {@code RMI connector started},
     *                {@code Jolokia prepared}
     * @throws ManagementException when a step fails (and no stop was asked for)
     */
    public void prepare(Consumer<String> reached) throws ManagementException {
        try {
            step(() -> {
                server = ManagementFactory.getPlatformMBeanServer();
                BeanRegistry r = new BeanRegistry(server, ops, control);
                try {
                    server.registerMBean(
                            new DescribedMBean<>(
                                    new SupervisorBean(ops, control, version, startTime, firstConfig.file()),
                                    SupervisorMXBean.class,
                                    r.supervisorEmitter()),
                            ObjectNames.SUPERVISOR);
                } catch (JMException e) {
                    throw new ManagementException("cannot register " + ObjectNames.SUPERVISOR + ": " + e, e);
                }
                // Published before its first sync: a reload the loop makes meanwhile is then synced by
                // the registry itself, and the sync below reads the configuration in force at its turn.
                registry = r;
                r.syncToEngine(firstConfig);
                r.startOutputNotices();
            });
            reached.accept("beans registered");
            if (settings.jmxPort() != null) {
                // After the beans: a JMX client that connects at once finds them.
                step(() -> rmi.start(server));
                reached.accept("RMI connector started");
            }
            if (settings.jolokia()) {
                step(jolokia::prepare);
                reached.accept("Jolokia prepared");
            }
        } catch (Stopped e) {
            LOG.debug("management: its start-up was cut short by the stop");
        }
    }

    /**
     * Answers Jolokia's and XML-RPC's clients, once the engine has every process whose beans
     * {@link #prepare} registered; until then their requests wait (Jolokia's in the listen backlog,
     * XML-RPC's in its handler). Nothing once stopped.
     *
     * @return whether it opened (false: stopped first)
     */
    public boolean open() {
        try {
            step(() -> {
                jolokia.open();
                if (rpc != null) {
                    rpc.open();
                }
            });
            return true;
        } catch (Stopped | ManagementException e) {
            LOG.debug("management: not opened: {}", e.toString());
            return false;
        }
    }

    public String jolokiaUrl() {
        return jolokiaUrl;
    }

    public String jmxUrl() {
        return jmxUrl;
    }

    /** Whether two configurations differ in their management keys (which apply at the next start only). */
    public static boolean settingsDiffer(Configuration a, Configuration b) {
        return !a.daemon().management().equals(b.daemon().management())
                || !a.daemon().rpc().equals(b.daemon().rpc());
    }

    /**
     * Closes the XML-RPC server, Jolokia and the connector, removes the URL file, unregisters every
     * bean. Waits for a step of {@link #prepare} under way, and no step follows it.
     */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            stopLocked();
        }
    }

    /** Whether {@link #stop} was called: a step that failed since may have failed because of it. */
    public boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** One step of the start-up, under the lock, unless the management plane is stopped. */
    private void step(Step s) throws ManagementException {
        synchronized (lock) {
            if (stopped) {
                throw new Stopped();
            }
            s.run();
        }
    }

    private interface Step {
        void run() throws ManagementException;
    }

    /** A step not taken: {@link #stop} came first. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the management plane is stopped", null, false, false);
        }
    }

    private void stopLocked() {
        if (rpc != null) {
            rpc.close();
            rpc = null;
        }
        rmi.stop();
        jolokia.stop();
        if (urlFile != null) {
            try {
                Files.deleteIfExists(urlFile);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", urlFile, e.getMessage());
            }
            urlFile = null;
        }
        BeanRegistry r = registry;
        registry = null;
        if (r != null) {
            r.close();
        }
        try {
            if (server != null && server.isRegistered(ObjectNames.SUPERVISOR)) {
                server.unregisterMBean(ObjectNames.SUPERVISOR);
            }
        } catch (JMException e) {
            LOG.warn("could not unregister {}: {}", ObjectNames.SUPERVISOR, e.toString());
        }
    }

    /** Atomically, 0644, never through a link (see {@link AtomicWrite}). */
    private static void writeUrl(Path file, String url) throws ManagementException {
        try {
            AtomicWrite.write(file, (url + "\n").getBytes(StandardCharsets.UTF_8), AtomicWrite.PUBLIC);
        } catch (IOException e) {
            throw new ManagementException("cannot write the Jolokia URL to " + file + ": " + e.getMessage(), e);
        }
    }
}
