package taskmaster.output;

import taskmaster.mbeans.Fault;

/** A request on captured output that cannot be served; {@link #fault()} says why. */
public final class OutputException extends RuntimeException {
    private final Fault fault;

    public OutputException(Fault fault, String message) {
        super(message);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }
}
