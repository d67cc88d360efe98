package taskmaster.os;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import taskmaster.mbeans.Fault;
import taskmaster.model.Output;
import taskmaster.output.LogStream;
import taskmaster.output.OutputException;

/**
 * Rotating and clearing the log files of a process on request, and the renames a rotation is made
 * of ({@code .N-1} to {@code .N} … the file to {@code .1}). A file a sink has open is rotated by
 * that sink ({@link FileSink#rotate}), so its size count and descriptor follow; a file no process
 * has open is handled on its path. On the output thread.
 */
final class LogRotation {
    private LogRotation() {}

    /** Rotates every log file of {@code p} now, whatever its size. */
    static void rotate(ProcessOutput p) {
        for (LogStream stream : LogStream.values()) {
            if (ProcessOutput.output(p.spec, stream) instanceof Output.ToFile f) {
                if (p.sink(stream) instanceof FileSink s && s.path.equals(f.path())) {
                    String failed = s.rotate();
                    if (failed != null) {
                        throw new OutputException(Fault.FAILED, failed);
                    }
                } else {
                    try {
                        shift(f.path(), f.backups());
                    } catch (IOException x) {
                        throw new OutputException(Fault.FAILED, "couldn't rotate " + f.path() + ": " + x);
                    }
                }
            }
        }
    }

    /** Empties every log file of {@code p} and deletes its backups. */
    static void clear(ProcessOutput p) {
        for (LogStream stream : LogStream.values()) {
            if (ProcessOutput.output(p.spec, stream) instanceof Output.ToFile f) {
                if (p.sink(stream) instanceof FileSink s && s.path.equals(f.path())) {
                    s.clear();
                } else {
                    try {
                        truncate(f.path());
                        deleteBackups(f.path(), f.backups());
                    } catch (IOException x) {
                        throw new OutputException(Fault.FAILED, "couldn't clear " + f.path() + ": " + x);
                    }
                }
            }
        }
    }

    // ---- on paths ----

    static Path backup(Path path, int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    /**
     * {@code .N-1} to {@code .N} … the file to {@code .1}; with no backups, truncates it. Every
     * step that can fail comes before the file itself is renamed, so a failed shift leaves the live
     * file where it was.
     */
    static void shift(Path path, int backups) throws IOException {
        if (backups == 0) {
            truncate(path);
            return;
        }
        for (int i = backups - 1; i >= 1; i--) {
            if (Files.exists(backup(path, i))) {
                Files.move(backup(path, i), backup(path, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(path)) {
            Files.move(path, backup(path, 1), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void truncate(Path path) throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
            c.truncate(0);
        } catch (NoSuchFileException ignored) {
            // nothing to empty
        }
    }

    static void deleteBackups(Path path, int backups) throws IOException {
        for (int i = 1; i <= Math.max(backups, 1); i++) {
            Files.deleteIfExists(backup(path, i));
        }
    }
}
