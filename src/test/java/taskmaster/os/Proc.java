package taskmaster.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What /proc says about a process, for tests that check what the child really got. */
final class Proc {
    private Proc() {}

    private static Path dir(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    /** The fields of /proc/pid/stat after the command name: [0] is the state (field 3). */
    static String[] stat(long pid) {
        try {
            String s = Files.readString(dir(pid).resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** Running or sleeping or stopped: present in /proc and not a zombie waiting to be reaped. */
    static boolean alive(long pid) {
        String[] stat = stat(pid);
        return stat != null && !stat[0].equals("Z") && !stat[0].equals("X");
    }

    static long pgid(long pid) {
        return Long.parseLong(stat(pid)[2]);
    }

    static long sid(long pid) {
        return Long.parseLong(stat(pid)[3]);
    }

    static long ppid(long pid) {
        return Long.parseLong(stat(pid)[1]);
    }

    static Map<String, String> status(long pid) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir(pid).resolve("status"))) {
            int colon = line.indexOf(':');
            m.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return m;
    }

    static List<String> cmdline(long pid) throws IOException {
        return nulSeparated(dir(pid).resolve("cmdline"));
    }

    /**
     * The environment the program exec'd with. posix_spawn returns once the exec has begun
     * (vfork semantics); the kernel sets up the new argv and environment a moment later, so
     * this waits for them.
     */
    static List<String> environ(long pid) throws IOException {
        awaitExec(pid);
        return nulSeparated(dir(pid).resolve("environ"));
    }

    static void awaitExec(long pid) {
        org.awaitility.Awaitility.await()
                .atMost(LauncherTestBase.BOUND)
                .until(() -> !cmdline(pid).getFirst().isEmpty());
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return Arrays.asList(s.split("\0"));
    }

    static String comm(long pid) throws IOException {
        return Files.readString(dir(pid).resolve("comm")).trim();
    }

    static List<String> fds(long pid) throws IOException {
        try (Stream<Path> s = Files.list(dir(pid).resolve("fd"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String fdTarget(long pid, int fd) throws IOException {
        return Files.readSymbolicLink(dir(pid).resolve("fd").resolve(Integer.toString(fd)))
                .toString();
    }

    static Path cwd(long pid) throws IOException {
        return Files.readSymbolicLink(dir(pid).resolve("cwd"));
    }

    /** Live members of process group {@code pgid}. */
    static List<Long> groupMembers(long pgid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> {
                        String[] st = stat(pid);
                        return st != null && Long.parseLong(st[2]) == pgid && alive(pid);
                    })
                    .toList();
        }
    }

    /** Live children of {@code parent}. */
    static List<Long> childrenOf(long parent) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> {
                        String[] st = stat(pid);
                        return st != null && Long.parseLong(st[1]) == parent;
                    })
                    .toList();
        }
    }
}
