package taskmaster.engine;

import taskmaster.mbeans.Fault;

/** A request the engine refuses as a whole (an unknown name, a shutdown under way). */
public final class EngineException extends RuntimeException {
    private final Fault fault;

    public EngineException(Fault fault, String message) {
        super(fault + ": " + message);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }
}
