package taskmaster.engine;

import taskmaster.mbeans.Fault;

/**
 * What one operation did to one process.
 *
 * @param fault null when it succeeded
 */
public record Outcome(String process, Fault fault, String message) {

    public static Outcome ok(String process, String message) {
        return new Outcome(process, null, message);
    }

    public static Outcome fault(String process, Fault fault, String message) {
        return new Outcome(process, fault, message);
    }

    public boolean ok() {
        return fault == null;
    }
}
