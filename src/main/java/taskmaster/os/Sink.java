package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import taskmaster.model.Output;
import taskmaster.output.LogStream;

/**
 * Where the output of one stream of one process goes: a log file or the daemon's console. Used
 * by the output thread only.
 */
abstract class Sink implements LineFormatter.Out {
    final String process;
    final LogStream stream;
    /** Put in front of every line ({@code name | } on the console, nothing in a file). */
    final byte[] label;

    boolean timestamps;
    /** The last byte written was a newline, or nothing was written yet. */
    boolean atLineStart = true;

    Sink(String process, LogStream stream, byte[] label, boolean timestamps) {
        this.process = process;
        this.stream = stream;
        this.label = label;
        this.timestamps = timestamps;
    }

    /** Writes a chunk read from the program, prefixing its lines as configured. */
    void accept(MemorySegment in, long length, LineFormatter formatter) {
        if (length <= 0) {
            return;
        }
        if (label.length == 0 && !timestamps) {
            write(in, 0, length); // the fast path: straight from the read buffer
            atLineStart = in.get(JAVA_BYTE, length - 1) == '\n';
        } else {
            atLineStart = formatter.format(in, length, label, timestamps, atLineStart, this);
        }
    }

    /** Whether {@code output} is still this sink's target (so a reload can update it in place). */
    abstract boolean sameTarget(Output output);

    /** Applies changed settings of the same target (maxbytes, backups, timestamps). */
    void update(Output output, boolean timestamps) {
        this.timestamps = timestamps;
    }

    void close() {}

    String describe() {
        return process + " " + stream.name().toLowerCase(java.util.Locale.ROOT);
    }
}
