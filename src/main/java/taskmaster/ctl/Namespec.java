package taskmaster.ctl;

import java.util.Comparator;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.ProcessState;

/**
 * supervisorctl's way of naming a process in what it prints: {@code group:name}, or {@code name}
 * alone when the process bears its group's name (a program of one process in no [group:x]).
 */
final class Namespec {

    private Namespec() {}

    static String of(String group, String name) {
        return group.isEmpty() || group.equals(name) ? name : group + ":" + name;
    }

    static String of(Proc p) {
        return of(p.group(), p.name());
    }

    /** supervisord's lexical order (getAllProcessInfo's): by group, then by process name. */
    static final Comparator<Proc> LEXICAL = Comparator.comparing(Proc::group).thenComparing(Proc::name);

    /** {@code web:*} or {@code web:}: every process of a group, which supervisorctl says is "no such group". */
    static boolean isGroupSelector(String name) {
        int colon = name.indexOf(':');
        return colon >= 0
                && (colon == name.length() - 1 || name.substring(colon + 1).equals("*"));
    }

    /** The group a group selector names ({@code web} of {@code web:*}). */
    static String groupOf(String selector) {
        return selector.substring(0, selector.indexOf(':'));
    }

    /**
     * supervisord's STOPPED_STATES (STOPPED, EXITED, FATAL, UNKNOWN): a state name this client does
     * not know, a newer daemon's, counts as UNKNOWN does.
     */
    static boolean isDown(String state) {
        try {
            return ProcessState.valueOf(state).isDown();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
