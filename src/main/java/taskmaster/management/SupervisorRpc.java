package taskmaster.management;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import taskmaster.mbeans.SupervisorState;
import taskmaster.output.LogStream;
import taskmaster.xmlrpc.RpcDispatcher;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's XML-RPC interface ({@code supervisor.*}, {@code system.*}, API version 3.0) over
 * the same operations as the MBeans: another adapter beside {@link SupervisorBean}, no second path
 * into the engine.
 *
 * <p>Methods are found in a fixed table of the documented names, never by reflection or by
 * resolving a dotted name (supervisord's dotted lookup gave remote command execution,
 * CVE-2017-11610). A wrong number or type of parameters is INCORRECT_PARAMETERS; nothing a client
 * sends makes an exception escape.
 *
 * <p>Intended differences from supervisord 4.2, each for a reason given where it is made:
 * {@code getSupervisorVersion} is taskmasterd's version; {@code getIdentification} is
 * supervisord's default {@code supervisor} ({@code identifier} is read and ignored);
 * {@code restart} reloads the files the way SIGHUP does (only what changed restarts) instead of
 * restarting every process; reads return at most 1 MiB per call; see
 * {@link RpcProcesses} for the waits and {@link RpcConfig} for {@code addProcessGroup}.
 */
public final class SupervisorRpc implements RpcDispatcher {

    /** supervisord's {@code rpcinterface.API_VERSION}: supervisorctl refuses any other. */
    static final String API_VERSION = "3.0";

    /** supervisord's default {@code identifier}. */
    static final String IDENTIFICATION = "supervisor";

    private final Ops ops;
    private final Control control;
    private final String version;
    private final RpcProcesses procs;
    private final RpcConfig config;
    private final Map<String, RpcMethod> table;

    SupervisorRpc(Ops ops, Control control, String version, long startTime, Path configFile) {
        this.ops = ops;
        this.control = control;
        this.version = version;
        this.procs = new RpcProcesses(ops);
        this.config = new RpcConfig(ops, control, configFile.toAbsolutePath().normalize());
        this.table = table();
    }

    @Override
    public Object call(String method, List<Object> params) throws RpcFault {
        RpcMethod m = method == null ? null : table.get(method);
        if (m == null) {
            throw RpcFaults.of(RpcFaults.UNKNOWN_METHOD);
        }
        List<Object> args = params == null ? List.of() : params;
        if (args.size() < m.minArgs() || args.size() > m.maxArgs()) {
            throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS);
        }
        try {
            return m.handler().call(new RpcArgs(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // an Ops or Control refusal that no method turned into its own fault
            throw RpcFaults.from(e, method);
        } catch (RuntimeException e) {
            throw RpcFaults.of(RpcFaults.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The names served, sorted, as {@code system.listMethods} answers. */
    List<String> methods() {
        return table.keySet().stream().sorted().toList();
    }

    /** supervisord's {@code _update}: every supervisor.* call faults once the daemon shuts down. */
    private void running() throws RpcFault {
        if (control.state() == SupervisorState.SHUTTING_DOWN || ops.engine().shuttingDown()) {
            throw RpcFaults.of(RpcFaults.SHUTDOWN_STATE);
        }
    }

    // ---- the table ----

    private Map<String, RpcMethod> table() {
        Map<String, RpcMethod> t = new LinkedHashMap<>();
        String nameDoc = "@param string name  the process (or group:name, or group:*)\n";
        // the daemon
        put(
                t,
                "supervisor.getAPIVersion",
                0,
                "The version of the XML-RPC API, 3.0 as supervisord's.\n" + "@return string version",
                a -> guarded(API_VERSION),
                "string");
        put(
                t,
                "supervisor.getVersion",
                0,
                "The same as getAPIVersion (before 3.0).\n" + "@return string version",
                a -> guarded(API_VERSION),
                "string");
        put(
                t,
                "supervisor.getSupervisorVersion",
                0,
                "The version of taskmasterd.\n" + "@return string version",
                a -> guarded(version),
                "string");
        put(
                t,
                "supervisor.getIdentification",
                0,
                "The daemon's identifier, supervisord's default.\n" + "@return string identifier",
                a -> guarded(IDENTIFICATION),
                "string");
        put(
                t,
                "supervisor.getState",
                0,
                "The daemon's state: statecode and statename.\n" + "@return struct state",
                a -> guarded(RpcStructs.state(control.state())),
                "struct");
        put(
                t,
                "supervisor.getPID",
                0,
                "The daemon's pid.\n@return int pid",
                a -> guarded(RpcStructs.capped(ProcessHandle.current().pid())),
                "int");
        put(
                t,
                "supervisor.readLog",
                2,
                "Bytes of the event log: length bytes from offset; a negative offset"
                        + " reads that many bytes from the end (length 0).\n@param int offset\n@param int length\n"
                        + "@return string bytes",
                a -> readMainLog(a.integer(0), a.integer(1)),
                "string",
                "int",
                "int");
        put(
                t,
                "supervisor.readMainLog",
                2,
                "The same as readLog (before 2.1).\n@param int offset\n" + "@param int length\n@return string bytes",
                a -> readMainLog(a.integer(0), a.integer(1)),
                "string",
                "int",
                "int");
        put(
                t,
                "supervisor.clearLog",
                0,
                "Empties the event log.\n@return boolean result",
                a -> clearMainLog(),
                "boolean");
        put(
                t,
                "supervisor.shutdown",
                0,
                "Stops every process, then the daemon.\n@return boolean result",
                a -> shutdown(),
                "boolean");
        put(
                t,
                "supervisor.restart",
                0,
                "Reads the files again and applies them, as SIGHUP does: only what"
                        + " changed is restarted.\n@return boolean result",
                a -> restart(),
                "boolean");
        // the configuration
        put(
                t,
                "supervisor.reloadConfig",
                0,
                "Reads the files and tells which groups they add, change and"
                        + " remove, applying nothing.\n@return array result [[added, changed, removed]]",
                a -> {
                    running();
                    return config.reloadConfig();
                },
                "array");
        put(
                t,
                "supervisor.addProcessGroup",
                1,
                "Takes a group of the files into the configuration in force.\n"
                        + "@param string name  the group\n@return boolean result",
                a -> {
                    String name = a.string(0);
                    running();
                    return config.addProcessGroup(name);
                },
                "boolean",
                "string");
        put(
                t,
                "supervisor.removeProcessGroup",
                1,
                "Takes a stopped group out of the configuration in force.\n"
                        + "@param string name  the group\n@return boolean result",
                a -> {
                    String name = a.string(0);
                    running();
                    return config.removeProcessGroup(name);
                },
                "boolean",
                "string");
        put(
                t,
                "supervisor.getAllConfigInfo",
                0,
                "The settings of every process of the files, in force or not.\n" + "@return array result",
                a -> {
                    running();
                    return config.allConfigInfo();
                },
                "array");
        // processes
        put(
                t,
                "supervisor.getProcessInfo",
                1,
                "One process.\n" + nameDoc + "@return struct result",
                a -> {
                    String name = a.string(0);
                    running();
                    return procs.info(RpcNames.process(procs.config(), name));
                },
                "struct",
                "string");
        put(
                t,
                "supervisor.getAllProcessInfo",
                0,
                "Every process, by group and name.\n@return array result",
                a -> {
                    running();
                    List<Object> out = new ArrayList<>();
                    procs.config().processes().stream().sorted(RpcNames.LEXICAL).forEach(p -> out.add(procs.info(p)));
                    return out;
                },
                "array");
        put(
                t,
                "supervisor.startProcess",
                1,
                "Starts a process; with wait, answers once it is RUNNING.\n" + nameDoc
                        + "@param boolean wait\n@return boolean result",
                a -> {
                    String name = a.string(0);
                    boolean wait = a.bool(1, true);
                    running();
                    return procs.startProcess(name, wait);
                },
                "boolean",
                "string",
                "boolean");
        put(
                t,
                "supervisor.startProcessGroup",
                1,
                "Starts every process of a group that is not up.\n"
                        + "@param string name  the group\n@param boolean wait\n@return array result",
                a -> {
                    String name = a.string(0);
                    boolean wait = a.bool(1, true);
                    running();
                    return procs.startGroup(name, wait);
                },
                "array",
                "string",
                "boolean");
        put(
                t,
                "supervisor.startAllProcesses",
                0,
                "Starts every process that is not up.\n@param boolean wait\n" + "@return array result",
                a -> {
                    boolean wait = a.bool(0, true);
                    running();
                    return procs.startAll(wait);
                },
                "array",
                "boolean");
        put(
                t,
                "supervisor.stopProcess",
                1,
                "Stops a process; with wait, answers once it is down.\n" + nameDoc
                        + "@param boolean wait\n@return boolean result",
                a -> {
                    String name = a.string(0);
                    boolean wait = a.bool(1, true);
                    running();
                    return procs.stopProcess(name, wait);
                },
                "boolean",
                "string",
                "boolean");
        put(
                t,
                "supervisor.stopProcessGroup",
                1,
                "Stops every process of a group that is up.\n"
                        + "@param string name  the group\n@param boolean wait\n@return array result",
                a -> {
                    String name = a.string(0);
                    boolean wait = a.bool(1, true);
                    running();
                    return procs.stopGroup(name, wait);
                },
                "array",
                "string",
                "boolean");
        put(
                t,
                "supervisor.stopAllProcesses",
                0,
                "Stops every process that is up.\n@param boolean wait\n" + "@return array result",
                a -> {
                    boolean wait = a.bool(0, true);
                    running();
                    return procs.stopAll(wait);
                },
                "array",
                "boolean");
        put(
                t,
                "supervisor.signalProcess",
                2,
                "Sends a signal (a name like HUP, or a number) to a process.\n" + nameDoc
                        + "@param string signal\n@return boolean result",
                a -> {
                    String name = a.string(0);
                    String signal = signalArg(a, 1);
                    running();
                    return procs.signalProcess(name, signal);
                },
                "boolean",
                "string",
                "string");
        put(
                t,
                "supervisor.signalProcessGroup",
                2,
                "Sends a signal to every process of a group that has a pid.\n"
                        + "@param string name  the group\n@param string signal\n@return array result",
                a -> {
                    String name = a.string(0);
                    String signal = signalArg(a, 1);
                    running();
                    return procs.signalGroup(name, signal);
                },
                "array",
                "string",
                "string");
        put(
                t,
                "supervisor.signalAllProcesses",
                1,
                "Sends a signal to every process that has a pid.\n" + "@param string signal\n@return array result",
                a -> {
                    String signal = signalArg(a, 0);
                    running();
                    return procs.signalAll(signal);
                },
                "array",
                "string");
        put(
                t,
                "supervisor.sendProcessStdin",
                2,
                "Writes to a process's stdin (it needs stdin = pipe).\n" + nameDoc
                        + "@param string chars\n@return boolean result",
                a -> {
                    String name = a.string(0);
                    if (!(a.raw(1) instanceof String chars)) {
                        throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS, String.valueOf(a.raw(1)));
                    }
                    running();
                    return procs.sendStdin(name, chars);
                },
                "boolean",
                "string",
                "string");
        put(
                t,
                "supervisor.sendRemoteCommEvent",
                2,
                "Sends a REMOTE_COMMUNICATION event to the listeners"
                        + " subscribed to it.\n@param string type\n@param string data\n@return boolean result",
                a -> {
                    String type = a.string(0);
                    String data = a.string(1);
                    running();
                    control.sendRemoteCommEvent(type, data);
                    return true;
                },
                "boolean",
                "string",
                "string");
        // process logs
        for (LogStream s : LogStream.values()) {
            String cap = s == LogStream.STDOUT ? "Stdout" : "Stderr";
            String read = "Bytes of a process's " + cap.toLowerCase(java.util.Locale.ROOT) + " log, as readLog.\n"
                    + nameDoc + "@param int offset\n@param int length\n@return string bytes";
            RpcMethod.Handler reader = a -> {
                String name = a.string(0);
                int offset = a.integer(1);
                int length = a.integer(2);
                running();
                return procs.readLog(name, s, offset, length);
            };
            put(t, "supervisor.readProcess" + cap + "Log", 3, read, reader, "string", "string", "int", "int");
            String tail = "The end of a process's " + cap.toLowerCase(java.util.Locale.ROOT) + " log from offset,"
                    + " at most length bytes; overflow when it grew past offset + length.\n" + nameDoc
                    + "@param int offset\n@param int length\n@return array result [string bytes, int offset,"
                    + " bool overflow]";
            RpcMethod.Handler tailer = a -> {
                String name = a.string(0);
                int offset = a.integer(1);
                int length = a.integer(2);
                running();
                return procs.tailLog(name, s, offset, length);
            };
            put(t, "supervisor.tailProcess" + cap + "Log", 3, tail, tailer, "array", "string", "int", "int");
            if (s == LogStream.STDOUT) {
                put(
                        t,
                        "supervisor.readProcessLog",
                        3,
                        "The same as readProcessStdoutLog.\n" + read,
                        reader,
                        "string",
                        "string",
                        "int",
                        "int");
                put(
                        t,
                        "supervisor.tailProcessLog",
                        3,
                        "The same as tailProcessStdoutLog.\n" + tail,
                        tailer,
                        "array",
                        "string",
                        "int",
                        "int");
            }
        }
        RpcMethod.Handler clear = a -> {
            String name = a.string(0);
            running();
            return procs.clearLogs(name);
        };
        put(
                t,
                "supervisor.clearProcessLogs",
                1,
                "Empties a process's log files.\n" + nameDoc + "@return boolean result",
                clear,
                "boolean",
                "string");
        put(
                t,
                "supervisor.clearProcessLog",
                1,
                "The same as clearProcessLogs.\n" + nameDoc + "@return boolean result",
                clear,
                "boolean",
                "string");
        put(
                t,
                "supervisor.clearAllProcessLogs",
                0,
                "Empties the log files of every process.\n" + "@return array result",
                a -> {
                    running();
                    return procs.clearAll();
                },
                "array");
        // introspection
        put(
                t,
                "system.listMethods",
                0,
                "The names of the methods served.\n@return array result",
                a -> new ArrayList<Object>(methods()),
                "array");
        put(
                t,
                "system.methodHelp",
                1,
                "A method's documentation.\n@param string name  the method\n" + "@return string result",
                a -> known(a.string(0)).help(),
                "string",
                "string");
        put(
                t,
                "system.methodSignature",
                1,
                "A method's signature: [return type, parameter types...].\n"
                        + "@param string name  the method\n@return array result",
                a -> new ArrayList<Object>(known(a.string(0)).signature()),
                "array",
                "string");
        put(
                t,
                "system.multicall",
                1,
                "Runs calls ({methodName, params} structs) in order: an array of their"
                        + " results, a fault as a {faultCode, faultString} struct.\n@param array calls\n"
                        + "@return array result",
                a -> multicall(a.raw(0)),
                "array",
                "array");
        return Map.copyOf(t);
    }

    private static void put(
            Map<String, RpcMethod> t, String name, int minArgs, String help, RpcMethod.Handler h, String... sig) {
        t.put(name, new RpcMethod(name, minArgs, List.of(sig), help, h));
    }

    private Object guarded(Object value) throws RpcFault {
        running();
        return value;
    }

    /** supervisorctl sends the signal as a string; a number (an int) is taken as Python's str() of it. */
    private static String signalArg(RpcArgs a, int i) throws RpcFault {
        return a.raw(i) instanceof Integer n ? n.toString() : a.string(i);
    }

    private RpcMethod known(String name) throws RpcFault {
        RpcMethod m = table.get(name);
        if (m == null) {
            throw RpcFaults.of(RpcFaults.SIGNATURE_UNSUPPORTED);
        }
        return m;
    }

    // ---- the daemon's own methods ----

    private Path mainLog() {
        var c = ops.engine().configuration();
        return c == null ? null : c.daemon().logfile();
    }

    private Object readMainLog(int offset, int length) throws RpcFault {
        running();
        return RpcLogs.read(mainLog(), offset, length);
    }

    /** Truncated in place: the event log's appender writes in append mode, so it goes on at 0. */
    private Object clearMainLog() throws RpcFault {
        running();
        Path log = mainLog();
        if (log == null || !Files.exists(log)) {
            throw RpcFaults.of(RpcFaults.NO_FILE);
        }
        try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
            c.truncate(0);
        } catch (IOException e) {
            throw RpcFaults.of(RpcFaults.FAILED);
        }
        return true;
    }

    private Object shutdown() throws RpcFault {
        running();
        try {
            control.shutdown();
        } catch (IllegalStateException e) {
            throw RpcFaults.of(RpcFaults.SHUTDOWN_STATE);
        }
        return true;
    }

    /**
     * supervisord's restart stops everything and starts it again from the files; here a reload
     * applies the files and restarts only what changed (Taskmaster's exact reload), since that is
     * what a changed file needs and an unchanged program has no reason to go down. As supervisord,
     * it answers at once and the reload runs behind.
     */
    private Object restart() throws RpcFault {
        running();
        Thread.ofPlatform().name("taskmaster-rpc-restart").daemon(true).start(() -> {
            try {
                control.reload();
            } catch (RuntimeException e) {
                // the reload logs its own errors; a shutdown meanwhile cuts it short
            }
        });
        return true;
    }

    // ---- system.multicall ----

    /**
     * supervisord's multicall: each call's plain result (not wrapped in an array, whatever the
     * XML-RPC multicall convention says), or a {@code {faultCode, faultString}} struct.
     */
    private Object multicall(Object calls) throws RpcFault {
        if (!(calls instanceof List<?> list)) {
            throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS);
        }
        List<Object> results = new ArrayList<>();
        for (Object c : list) {
            Object value;
            try {
                value = one(c);
            } catch (RpcFault f) {
                Map<String, Object> fault = new LinkedHashMap<>();
                fault.put("faultCode", f.code());
                fault.put("faultString", f.string());
                value = fault;
            }
            results.add(value);
        }
        return results;
    }

    private Object one(Object c) throws RpcFault {
        if (!(c instanceof Map<?, ?> call)) {
            throw RpcFaults.of(RpcFaults.FAILED, "a call must be a struct {methodName, params}");
        }
        if (!(call.get("methodName") instanceof String name)) {
            throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS, "No methodName");
        }
        if (name.equals("system.multicall")) {
            throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden");
        }
        Object params = call.containsKey("params") ? call.get("params") : List.of();
        if (!(params instanceof List<?> p)) {
            throw RpcFaults.of(RpcFaults.INCORRECT_PARAMETERS);
        }
        return call(name, new ArrayList<Object>(p));
    }
}
