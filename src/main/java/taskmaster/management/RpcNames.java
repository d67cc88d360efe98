package taskmaster.management;

import java.util.Comparator;
import java.util.List;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.xmlrpc.RpcFault;

/**
 * supervisord's names ({@code options.split_namespec}, {@code make_namespec}), which are stricter
 * than {@link taskmaster.mbeans.ProcessNames}: {@code group:name} is one process of a group,
 * {@code group:*} or {@code group:} the whole group, and a bare {@code name} means
 * {@code name:name}, the process of a program that is its own group. So a process of a
 * {@code [group:x]}, or one of several of a numprocs program, is only ever named with its group:
 * supervisord answers a bare {@code web_00} with BAD_NAME, and so does this.
 */
final class RpcNames {

    /**
     * What a name selects.
     *
     * @param group     the group named
     * @param processes its processes, in start order
     * @param process   the one process named, null for the whole group
     */
    record Target(String group, List<ProcessSpec> processes, ProcessSpec process) {
        boolean wholeGroup() {
            return process == null;
        }
    }

    /** supervisord's lexical order (getAllProcessInfo, status): by group, then by name. */
    static final Comparator<ProcessSpec> LEXICAL =
            Comparator.comparing(ProcessSpec::group).thenComparing(ProcessSpec::name);

    private RpcNames() {}

    /** {@code web} for a process that is its own group, {@code group:web_00} otherwise. */
    static String namespec(String group, String process) {
        return group.equals(process) ? process : group + ":" + process;
    }

    static String namespec(ProcessSpec p) {
        return namespec(p.group(), p.name());
    }

    /** @throws RpcFault BAD_NAME (with the name as given) when the group or the process is not in force */
    static Target resolve(Configuration config, String name) throws RpcFault {
        String group;
        String process;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            group = name.substring(0, colon);
            String member = name.substring(colon + 1);
            process = member.isEmpty() || member.equals("*") ? null : member;
        } else {
            group = name;
            process = name;
        }
        List<ProcessSpec> members = group(config, group);
        if (members.isEmpty()) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, name);
        }
        if (process == null) {
            return new Target(group, members, null);
        }
        for (ProcessSpec p : members) {
            if (p.name().equals(process)) {
                return new Target(group, members, p);
            }
        }
        throw RpcFaults.of(RpcFaults.BAD_NAME, name);
    }

    /** The processes of a group in force, in start order; none when there is no such group. */
    static List<ProcessSpec> group(Configuration config, String group) {
        return config == null
                ? List.of()
                : config.processes().stream()
                        .filter(p -> p.group().equals(group))
                        .toList();
    }

    /** The one process a name selects; BAD_NAME for a group ({@code getProcessInfo} takes no {@code group:*}). */
    static ProcessSpec process(Configuration config, String name) throws RpcFault {
        Target t = resolve(config, name);
        if (t.wholeGroup()) {
            throw RpcFaults.of(RpcFaults.BAD_NAME, name);
        }
        return t.process();
    }
}
