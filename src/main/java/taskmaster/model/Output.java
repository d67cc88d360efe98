package taskmaster.model;

import java.nio.file.Path;

/** Where one output stream of a process goes. */
public sealed interface Output {

    /** Discarded ({@code NONE}, or no setting). */
    record Discard() implements Output {
    }

    /** Appended to a file. The path is absolute. */
    record ToFile(Path path) implements Output {
    }

    Output DISCARD = new Discard();
}
