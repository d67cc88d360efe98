package taskmaster.management;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (its {@link #listener()} must be given to the engine), then {@link #start}s it before the first
 * configuration is applied, and {@link #stop}s it last.
 */
public final class Management {

    private static final Logger LOG = LogManager.getLogger("taskmaster.management");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final JolokiaService jolokia = new JolokiaService();
    private final RmiService rmi = new RmiService();
    private RpcServer rpc;
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
     * Registers the beans for {@code config} and starts Jolokia and the RMI connector as it says.
     * On failure nothing stays registered or open.
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
        Path urlFile = runFiles == null ? null : runFiles.url();
        ManagementSettings settings = ManagementSettings.from(config.daemon().management());
        Ops ops = new Ops(engine, output, () -> usages);
        BeanRegistry r = new BeanRegistry(server, ops, control);
        try {
            server.registerMBean(
                    new DescribedMBean<>(
                            new SupervisorBean(ops, control, version, startTime, config.file()),
                            SupervisorMXBean.class,
                            r.supervisorEmitter()),
                    ObjectNames.SUPERVISOR);
        } catch (JMException e) {
            throw new ManagementException("cannot register " + ObjectNames.SUPERVISOR + ": " + e, e);
        }
        r.sync(config);
        registry = r;
        r.startOutputNotices();
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
                jmxUrl = rmi.start(settings, server, runFiles == null ? null : runFiles.secret());
            }
            if (config.daemon().rpc().any()) {
                rpc = RpcServer.start(
                        config.daemon().rpc(), new SupervisorRpc(ops, control, version, startTime, config.file()));
            }
        } catch (RpcServerException e) {
            stop();
            throw new ManagementException(e.getMessage(), e);
        } catch (ManagementException e) {
            stop();
            throw e;
        }
    }

    /**
     * Answers Jolokia's clients, once the engine has the processes whose beans {@link #start}
     * registered; until then their requests wait.
     */
    public void open() {
        jolokia.open();
        if (rpc != null) {
            rpc.open();
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

    /** Closes the XML-RPC server, Jolokia and the connector, removes the URL file, unregisters every bean. */
    public void stop() {
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
            if (server.isRegistered(ObjectNames.SUPERVISOR)) {
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
