package taskmaster.engine;

/** A process could not be spawned: the message says why, in words fit for the status line. */
public final class SpawnException extends Exception {
    public SpawnException(String message) {
        super(message);
    }
}
