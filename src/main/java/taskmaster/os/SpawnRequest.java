package taskmaster.os;

import java.util.List;

/**
 * One posix_spawn call, fully decided in Java: the executable's absolute path, argv, the
 * environment as {@code KEY=value} strings, and the file actions run in the child, in order,
 * between fork and exec.
 */
public record SpawnRequest(String path, List<String> argv, List<String> environment, List<FileAction> fileActions) {

    public SpawnRequest {
        argv = List.copyOf(argv);
        environment = List.copyOf(environment);
        fileActions = List.copyOf(fileActions);
    }

    /** What the child does to its descriptors and directory before exec. */
    public sealed interface FileAction {}

    /** {@code open(path, flags, mode)} onto descriptor {@code fd}. */
    public record Open(int fd, String path, int flags, int mode) implements FileAction {}

    /** {@code dup2(from, to)}. */
    public record Dup2(int from, int to) implements FileAction {}

    /** {@code close(fd)}; a descriptor that is not open is no error. */
    public record Close(int fd) implements FileAction {}

    /** {@code chdir(dir)} (posix_spawn_file_actions_addchdir_np, glibc 2.29). */
    public record Chdir(String dir) implements FileAction {}

    /** Close every descriptor from {@code lowFd} up (posix_spawn_file_actions_addclosefrom_np, glibc 2.34). */
    public record CloseFrom(int lowFd) implements FileAction {}

    // open(2) flags, x86_64 values.
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_APPEND = 02000;
}
