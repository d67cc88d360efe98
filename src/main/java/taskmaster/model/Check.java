package taskmaster.model;

import java.net.URI;
import java.util.List;

/**
 * One way a process can tell that it is ready ({@code ready = ...}) or still healthy
 * ({@code healthcheck = ...}). Parsed once by the configuration; run by the daemon's checkers,
 * off the event loop. Values only: equal checks are the same check, so a reload sees no change.
 */
public sealed interface Check {

    /** The value as the configuration writes it, for messages and status. */
    String describe();

    /** systemd's sd_notify: {@code READY=1} on the datagram socket named by {@code NOTIFY_SOCKET}. */
    record Notify() implements Check {
        @Override
        public String describe() {
            return "notify";
        }
    }

    /** s6's notification fd: the program writes a newline to file descriptor {@code fd}. */
    record Fd(int fd) implements Check {
        @Override
        public String describe() {
            return "fd:" + fd;
        }
    }

    /** A TCP connect to {@code host:port} succeeds. */
    record Tcp(String host, int port) implements Check {
        @Override
        public String describe() {
            return "tcp:" + ("127.0.0.1".equals(host) ? "" : host + ":") + port;
        }
    }

    /** An HTTP GET of {@code uri} answers 2xx. */
    record Http(URI uri) implements Check {
        @Override
        public String describe() {
            return uri.toString();
        }
    }

    /** {@code command} exits 0, run in the program's environment and folder. */
    record Exec(String command, List<String> argv) implements Check {
        public Exec {
            argv = List.copyOf(argv);
        }

        @Override
        public String describe() {
            return "exec:" + command;
        }
    }

    /** A line of the program's stdout matches {@code regex} (a java.util.regex pattern, found anywhere in the line). */
    record Log(String regex) implements Check {
        @Override
        public String describe() {
            return "log:" + regex;
        }
    }

    /** Whether the daemon learns the outcome when the process tells it (notify, fd, log), rather than by asking. */
    default boolean pushed() {
        return this instanceof Notify || this instanceof Fd || this instanceof Log;
    }
}
