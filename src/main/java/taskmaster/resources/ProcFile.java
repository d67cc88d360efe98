package taskmaster.resources;

import java.nio.charset.StandardCharsets;

/** The files of {@code /proc/PID/} sampling reads. */
enum ProcFile {
    STAT("stat"),
    SMAPS_ROLLUP("smaps_rollup"),
    IO("io");

    final String fileName;
    /** The name in ASCII, for a path written without a string. */
    final byte[] ascii;

    ProcFile(String fileName) {
        this.fileName = fileName;
        this.ascii = fileName.getBytes(StandardCharsets.US_ASCII);
    }
}
