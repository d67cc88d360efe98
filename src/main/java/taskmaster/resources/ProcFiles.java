package taskmaster.resources;

/**
 * What sampling reads of {@code /proc}, and nothing else: the seam where a test gives fixed texts
 * or counts the reads. Called by the sampler's thread only; an implementation may keep buffers.
 */
interface ProcFiles {

    /**
     * The pids of every process (thread group) now, in {@code into} from index 0.
     *
     * @return the array used (a bigger one when {@code into} was too small) and, through
     *         {@link Pids#count}, how many it holds
     */
    Pids pids(Pids into);

    /**
     * Reads the whole of {@code /proc/PID/FILE} into {@code into}.
     *
     * @return false when it cannot be read: the process is gone, or the file is another user's
     */
    boolean read(long pid, String file, Text into);

    /** The open descriptors of {@code pid}; -1 when they cannot be counted (gone, or another user's). */
    int openFiles(long pid);

    /** A reusable list of pids. */
    final class Pids {
        int[] pids = new int[1024];
        int count;

        void add(int pid) {
            if (count == pids.length) {
                pids = java.util.Arrays.copyOf(pids, count * 2);
            }
            pids[count++] = pid;
        }
    }

    /** A reusable byte buffer a file is read into: bytes 0 to {@code length}. */
    final class Text {
        byte[] bytes = new byte[4096];
        int length;

        /** Room for {@code more} bytes after {@code length}. */
        void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void set(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            length = 0;
            ensure(b.length);
            System.arraycopy(b, 0, bytes, 0, b.length);
            length = b.length;
        }
    }
}
