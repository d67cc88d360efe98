package taskmaster.os;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Output;
import taskmaster.output.LogStream;

/**
 * Output moved by splice(2) with real programs, through a Posix that counts (and, for some tests,
 * faults) the splices: a plain file is spliced to with every byte kept in order across rotations;
 * timestamps, the console and a tap take the copy path; a file that refuses splice or a disk that
 * fills up loses nothing the copy path would have kept.
 */
class SpliceOutputTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    /** What splice does instead of the kernel's, for one test; null: the kernel's. */
    private interface SpliceFault {
        long splice(int pipe, int out, long length) throws PosixException;
    }

    private volatile SpliceFault fault;
    /** A disk that takes this many bytes of files named {@code full.log} and then is full; -1: no limit. */
    private volatile long capacity = -1;

    private final AtomicLong splices = new AtomicLong();
    private final AtomicLong spliced = new AtomicLong();
    private final AtomicLong onDisk = new AtomicLong();
    private final Set<Integer> fullFds = ConcurrentHashMap.newKeySet();

    @Override
    PosixSpawnLauncher newLauncher() {
        return new PosixSpawnLauncher(
                new ForwardingPosix() {
                    @Override
                    public int open(String path, int flags, int mode) throws PosixException {
                        int fd = super.open(path, flags, mode);
                        // the splice descriptor is opened through /proc/self/fd/N of the file's
                        if (path.endsWith("full.log")
                                || (path.startsWith("/proc/self/fd/")
                                        && fullFds.contains(Integer.parseInt(path.substring(14))))) {
                            fullFds.add(fd);
                        }
                        return fd;
                    }

                    @Override
                    public void close(int fd) throws PosixException {
                        fullFds.remove(fd);
                        super.close(fd);
                    }

                    @Override
                    public long write(int fd, MemorySegment b, long off, long n) throws PosixException {
                        if (capacity >= 0 && fullFds.contains(fd)) {
                            long left = capacity - onDisk.get();
                            if (left <= 0) {
                                throw new PosixException("write(" + fd + ")", Errno.ENOSPC);
                            }
                            long w = super.write(fd, b, off, Math.min(n, left));
                            onDisk.addAndGet(w);
                            return w;
                        }
                        return super.write(fd, b, off, n);
                    }

                    @Override
                    public long splice(int pipe, int out, long length) throws PosixException {
                        splices.incrementAndGet();
                        SpliceFault f = fault;
                        if (f != null) {
                            return f.splice(pipe, out, length);
                        }
                        long n;
                        if (capacity >= 0 && fullFds.contains(out)) {
                            long left = capacity - onDisk.get();
                            if (left <= 0) {
                                throw new PosixException("splice(" + pipe + ", " + out + ")", Errno.ENOSPC);
                            }
                            n = super.splice(pipe, out, Math.min(length, left));
                            onDisk.addAndGet(Math.max(n, 0));
                        } else {
                            n = super.splice(pipe, out, length);
                        }
                        spliced.addAndGet(Math.max(n, 0));
                        return n;
                    }
                },
                Map.of());
    }

    @Test
    void fiftyMegabytesAreSplicedAcrossRotationsWithEveryByteInOrder() throws Exception {
        Path out = tmp.resolve("big.log");
        int last = 6_000_000; // 48.9 MB of numbered lines
        long max = 7_000_000;
        int backups = 7;
        spawn(SpecBuilder.shell("seq 1 " + last)
                        .stdout(new Output.ToFile(out, max, backups))
                        .build())
                .awaitExit();

        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        long total = 0;
        StringBuilder chunk = new StringBuilder();
        for (int i = 1; i <= last; i++) {
            chunk.append(i).append('\n');
            if (chunk.length() > 1 << 16 || i == last) {
                byte[] b = chunk.toString().getBytes(US_ASCII);
                expected.update(b);
                total += b.length;
                chunk.setLength(0);
            }
        }
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        long kept = 0;
        for (int i = backups; i >= 1; i--) {
            Path b = FileSink.backup(out, i);
            if (Files.exists(b)) {
                assertThat(Files.size(b)).as("%s holds exactly maxbytes", b).isEqualTo(max);
                got.update(Files.readAllBytes(b));
                kept += Files.size(b);
            }
        }
        got.update(Files.readAllBytes(out));
        kept += Files.size(out);
        assertThat(kept).isEqualTo(total);
        assertThat(FileSink.backup(out, 6)).exists(); // 6 full rotations
        assertThat(FileSink.backup(out, 7)).doesNotExist();
        assertThat(HexFormat.of().formatHex(got.digest()))
                .isEqualTo(HexFormat.of().formatHex(expected.digest()));
        // Every byte went by splice: none was copied through the daemon.
        assertThat(spliced.get()).isEqualTo(total);
    }

    @Test
    void timestampsTakeTheCopyPath() throws Exception {
        Path out = tmp.resolve("ts.log");
        spawn(SpecBuilder.shell("seq 1 3000")
                        .stdout(new Output.ToFile(out))
                        .timestamps()
                        .build())
                .awaitExit();
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ";
        String[] lines = read(out).split("\n", -1);
        assertThat(lines).hasSize(3001);
        for (int i = 0; i < 3000; i++) {
            assertThat(lines[i]).matches(Pattern.compile(stamp + (i + 1)));
        }
        assertThat(splices.get()).isZero();
    }

    @Test
    void theConsoleTakesTheCopyPath() throws Exception {
        spawn(SpecBuilder.shell("seq 1 100")
                        .name("fwd")
                        .stdout(Output.DAEMON_STDOUT)
                        .build())
                .awaitExit();
        // every byte read (and written to this JVM's stdout as "fwd | n"), none spliced
        assertThat(launcher.output().counts("fwd").stdout())
                .isEqualTo(numbers(1, 100).length());
        assertThat(splices.get()).isZero();
    }

    @Test
    void aTappedStreamTakesTheCopyPathAndAnUntappedOneIsSpliced() throws Exception {
        ByteArrayOutputStream tapped = new ByteArrayOutputStream();
        launcher.output().tap((process, stream, bytes) -> {
            if (stream == LogStream.STDOUT) {
                synchronized (tapped) {
                    tapped.writeBytes(bytes);
                }
            }
        });
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        spawn(SpecBuilder.shell("seq 1 20000; seq 1 500 >&2")
                        .name("tapped")
                        .stdout(new Output.ToFile(out))
                        .stderr(new Output.ToFile(err))
                        .tapStdout()
                        .build())
                .awaitExit();
        assertThat(read(out)).isEqualTo(numbers(1, 20000));
        synchronized (tapped) {
            assertThat(tapped.toString(US_ASCII)).isEqualTo(numbers(1, 20000));
        }
        assertThat(read(err)).isEqualTo(numbers(1, 500));
        // stderr is not tapped: it went by splice, and it is all that did
        assertThat(spliced.get()).isEqualTo(numbers(1, 500).length());
    }

    @Test
    void aFileThatRefusesSpliceIsCopiedToWithoutLosingAByte() throws Exception {
        fault = (pipe, out, length) -> {
            throw new PosixException("splice(" + pipe + ", " + out + ")", Errno.EINVAL);
        };
        Path out = tmp.resolve("refused.log");
        spawn(SpecBuilder.shell("seq 1 100000").stdout(new Output.ToFile(out)).build())
                .awaitExit();
        assertThat(read(out)).isEqualTo(numbers(1, 100000));
        assertThat(splices.get()).as("refused once, then copied for good").isEqualTo(1);
    }

    @Test
    void aFullDiskKeepsWhatTheCopyPathKeeps() throws Exception {
        String all = numbers(1, 100000);
        long room = 200_001; // in the middle of a line, and of a chunk
        capacity = room;
        Path spliceDir = Files.createDirectories(tmp.resolve("spliced"));
        spawn(SpecBuilder.shell("seq 1 100000")
                        .stdout(new Output.ToFile(spliceDir.resolve("full.log")))
                        .build())
                .awaitExit();
        assertThat(spliced.get()).as("the splice path was taken").isPositive();
        String bySplice = read(spliceDir.resolve("full.log"));

        // The same disk, the same program, on the copy path only.
        onDisk.set(0);
        fault = (pipe, out, length) -> {
            throw new PosixException("splice(" + pipe + ", " + out + ")", Errno.EINVAL);
        };
        Path copyDir = Files.createDirectories(tmp.resolve("copied"));
        spawn(SpecBuilder.shell("seq 1 100000")
                        .name("copied")
                        .stdout(new Output.ToFile(copyDir.resolve("full.log")))
                        .build())
                .awaitExit();
        String byCopy = read(copyDir.resolve("full.log"));

        assertThat(bySplice).isEqualTo(all.substring(0, (int) room));
        assertThat(byCopy).isEqualTo(bySplice);
    }

    @Test
    void aReloadTurningTimestampsOnAndOffMidStreamSwitchesPathsAtTheRightByte() throws Exception {
        Path out = tmp.resolve("switch.log");
        String script = "printf 'one\\ntwo\\npar'; read x; printf 'tial\\nthree\\n'; read x; printf 'four\\n';"
                + " exec sleep 100000";
        SpecBuilder plain = SpecBuilder.shell(script).name("sw").stdinPipe().stdout(new Output.ToFile(out));
        spawn(plain.build());
        await().atMost(BOUND).until(() -> read(out).equals("one\ntwo\npar"));
        long splicedBefore = spliced.get();
        assertThat(splicedBefore).isEqualTo(11);

        launcher.configured(SpecBuilder.shell(script)
                .name("sw")
                .stdinPipe()
                .stdout(new Output.ToFile(out))
                .timestamps()
                .build());
        launcher.output().writeStdin("sw", "\n".getBytes(US_ASCII));
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ";
        // "tial" ends the spliced partial line: no stamp in the middle of it, one before "three".
        Pattern stamped = Pattern.compile("one\ntwo\npartial\n" + stamp + "three\n");
        await().atMost(BOUND).until(() -> stamped.matcher(read(out)).matches());
        assertThat(spliced.get()).isEqualTo(splicedBefore);

        launcher.configured(SpecBuilder.shell(script)
                .name("sw")
                .stdinPipe()
                .stdout(new Output.ToFile(out))
                .build());
        launcher.output().writeStdin("sw", "\n".getBytes(US_ASCII));
        Pattern back = Pattern.compile("one\ntwo\npartial\n" + stamp + "three\nfour\n");
        await().atMost(BOUND).until(() -> back.matcher(read(out)).matches());
        assertThat(spliced.get()).isEqualTo(splicedBefore + 5);
    }
}
