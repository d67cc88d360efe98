package taskmaster.config;

/**
 * A value that does not parse. The message is the tail of a {@link ConfigError}: it quotes the
 * bad value and ends with what is allowed, e.g. {@code 'abc' is not a whole number (allowed: ...)}.
 */
public class InvalidValueException extends Exception {
    public InvalidValueException(String message) {
        super(message);
    }
}
