package taskmaster.mbeans;

/**
 * What an operation did to one process, like one line of supervisorctl's output.
 *
 * @param name    the process
 * @param ok      whether it did what was asked
 * @param fault   the {@link Fault} code, empty when ok
 * @param message what happened, in words ({@code started}, {@code web is not running (STOPPED)})
 */
public record Result(String name, boolean ok, String fault, String message) {}
