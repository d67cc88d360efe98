package taskmaster.engine;

/** Receives engine events, on the loop thread: it must return quickly and never block. */
@FunctionalInterface
public interface EngineListener {
    void onEvent(EngineEvent event);
}
