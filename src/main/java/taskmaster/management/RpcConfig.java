package taskmaster.management;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.mbeans.Fault;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's {@code reloadConfig}, {@code addProcessGroup}, {@code removeProcessGroup} and
 * {@code getAllConfigInfo}: by group, as supervisord's process groups.
 *
 * <p>As supervisord, {@code reloadConfig} reads the files and applies nothing, and what it read is
 * what {@code getAllConfigInfo} lists (so {@code avail} shows a new group after a {@code reread}).
 * One difference: {@code addProcessGroup} takes the group from the files as they are when it is
 * called ({@link Control#addGroup} reads them again), where supervisord takes it from its last
 * {@code reloadConfig}; the two differ only when a file changed in between.
 */
final class RpcConfig {

    private final Ops ops;
    private final Control control;
    private final Path configFile;
    /** What the files said when last read: at start the configuration in force. */
    private volatile Configuration lastRead;

    RpcConfig(Ops ops, Control control, Path configFile) {
        this.ops = ops;
        this.control = control;
        this.configFile = configFile;
    }

    private Configuration inForce() {
        return ops.engine().configuration();
    }

    private Configuration lastRead() {
        Configuration c = lastRead;
        return c != null ? c : inForce();
    }

    /** {@code [[added, changed, removed]]}, group names, in start order. */
    List<Object> reloadConfig() throws RpcFault {
        Configuration next;
        try {
            next = new ConfigLoader().load(configFile);
        } catch (ConfigException e) {
            throw RpcFaults.of(
                    RpcFaults.CANT_REREAD,
                    e.errors().isEmpty() ? "unreadable" : e.errors().getFirst().toString());
        }
        lastRead = next;
        Map<String, List<ProcessSpec>> now = groups(inForce());
        Map<String, List<ProcessSpec>> then = groups(next);
        List<Object> added = new ArrayList<>();
        List<Object> changed = new ArrayList<>();
        List<Object> removed = new ArrayList<>();
        then.forEach((g, procs) -> {
            if (!now.containsKey(g)) {
                added.add(g);
            } else if (!Objects.equals(now.get(g), procs)) {
                changed.add(g);
            }
        });
        now.keySet().stream().filter(g -> !then.containsKey(g)).forEach(removed::add);
        return RpcStructs.list(RpcStructs.list(added, changed, removed));
    }

    private static Map<String, List<ProcessSpec>> groups(Configuration c) {
        Map<String, List<ProcessSpec>> m = new LinkedHashMap<>();
        if (c != null) {
            for (ProcessSpec p : c.processes()) {
                m.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
            }
        }
        return m;
    }

    Object addProcessGroup(String name) throws RpcFault {
        if (!groups(lastRead()).containsKey(name)) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, name);
        }
        if (groups(inForce()).containsKey(name)) {
            throw RpcFaults.of(RpcFaults.ALREADY_ADDED, name);
        }
        try {
            control.addGroup(name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            Fault f = RpcFaults.faultOf(e);
            throw f == Fault.CANT_REREAD
                    ? RpcFaults.of(RpcFaults.CANT_REREAD, RpcFaults.explanation(e))
                    : RpcFaults.from(e, name);
        }
        return true;
    }

    Object removeProcessGroup(String name) throws RpcFault {
        if (!groups(inForce()).containsKey(name)) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, name);
        }
        try {
            control.removeGroup(name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw RpcFaults.from(e, name);
        }
        return true;
    }

    List<Object> allConfigInfo() {
        Configuration files = lastRead();
        Map<String, List<ProcessSpec>> active = groups(inForce());
        Map<String, Integer> programPriority = new LinkedHashMap<>();
        for (ProgramSpec p : files.programs()) {
            programPriority.put(p.name(), p.priority());
        }
        List<Object> out = new ArrayList<>();
        files.processes().stream()
                .sorted(Comparator.comparing(ProcessSpec::name))
                .forEach(p -> out.add(RpcStructs.configInfo(
                        p, programPriority.getOrDefault(p.program(), p.priority()), active.containsKey(p.group()))));
        return out;
    }
}
