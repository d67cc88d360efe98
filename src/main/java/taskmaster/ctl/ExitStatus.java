package taskmaster.ctl;

import taskmaster.mbeans.Fault;

/**
 * supervisorctl 4.2's exit status, kept as it keeps it: it starts at 0 and each failure overwrites
 * it (the last one wins, success never resets it). A fault that means the program is dead
 * (spawn error, abnormal termination, not running) gives 7, LSB's "program is not running"; any
 * other fault gives 1; the fault a verb expects (already started for start, not running for stop)
 * changes nothing.
 */
final class ExitStatus {

    private int code = Exit.OK;

    /** The fault of one outcome; {@code expected} (may be null) is the one the verb shrugs off. */
    void fault(String fault, Fault expected) {
        if (fault == null || fault.isEmpty() || expected != null && fault.equals(expected.name())) {
            return;
        }
        code = switch (Fault.parse(fault).orElse(Fault.FAILED)) {
            case SPAWN_ERROR, ABNORMAL_TERMINATION, NOT_RUNNING -> Exit.PROGRAM_NOT_RUNNING;
            default -> Exit.FAILED;
        };
    }

    void set(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
