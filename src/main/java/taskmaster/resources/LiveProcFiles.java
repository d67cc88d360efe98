package taskmaster.resources;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * {@link ProcFiles} over the real {@code /proc}, with plain NIO: a file is opened, read whole into
 * the caller's reused buffer and closed, a few small objects a read and no string of its content.
 *
 * <p>Open descriptors: since Linux 6.2 the size {@code stat(2)} gives {@code /proc/PID/fd} is the
 * number of descriptors, one call instead of a listing. Older kernels give 0 there, and then the
 * directory is listed (as it is for a process whose count really is 0, which costs nothing).
 */
final class LiveProcFiles implements ProcFiles {
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);
    private static final File PROC = new File("/proc");

    private ByteBuffer view;
    private byte[] viewed;

    @Override
    public Pids pids(Pids into) {
        into.count = 0;
        String[] names = PROC.list();
        if (names == null) {
            return into;
        }
        for (String n : names) {
            int pid = parsePid(n);
            if (pid > 0) {
                into.add(pid);
            }
        }
        return into;
    }

    @Override
    public boolean read(long pid, String file, Text into) {
        into.length = 0;
        try (FileChannel ch = FileChannel.open(Path.of("/proc/" + pid + "/" + file), READ)) {
            while (true) {
                into.ensure(1024);
                ByteBuffer b = view(into);
                b.limit(b.capacity()).position(into.length);
                int n = ch.read(b);
                if (n < 0) {
                    return true;
                }
                into.length += n;
            }
        } catch (IOException | SecurityException e) {
            // gone (NoSuchFileException, ESRCH) or not ours (AccessDeniedException)
            into.length = 0;
            return false;
        }
    }

    @Override
    public int openFiles(long pid) {
        Path fd = Path.of("/proc/" + pid + "/fd");
        try {
            long size = Files.readAttributes(fd, BasicFileAttributes.class).size();
            if (size > 0) {
                return (int) size;
            }
        } catch (IOException | SecurityException e) {
            return -1;
        }
        String[] listed = fd.toFile().list();
        return listed == null ? -1 : listed.length;
    }

    /** The buffer over {@code into}'s bytes, made again only when they were grown. */
    private ByteBuffer view(Text into) {
        if (viewed != into.bytes) {
            viewed = into.bytes;
            view = ByteBuffer.wrap(viewed);
        }
        return view;
    }

    private static int parsePid(String n) {
        int v = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9' || v > (Integer.MAX_VALUE - 9) / 10) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return n.isEmpty() ? -1 : v;
    }
}
