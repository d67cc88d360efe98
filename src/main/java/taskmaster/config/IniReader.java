package taskmaster.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.ini4j.Config;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.spi.IniHandler;
import org.ini4j.spi.IniParser;

/** Reads one INI file into its sections: the {@link IniScanner} pre-scan, then ini4j's parser. */
final class IniReader {

    /** Filesystems whose files the kernel makes on read (see {@link #kernelFilesystem}). */
    private static final Set<String> KERNEL_FILESYSTEMS = Set.of(
            "proc",
            "sysfs",
            "debugfs",
            "tracefs",
            "securityfs",
            "configfs",
            "cgroup",
            "cgroup2",
            "pstore",
            "bpf",
            "efivarfs",
            "binfmt_misc",
            "fusectl");

    private final AtomicLong seq = new AtomicLong();
    private final Predicate<String> wanted;

    IniReader() {
        this(name -> true);
    }

    /** @param wanted the sections to read; the others are only scanned for where they end (see {@link IniScanner}) */
    IniReader(Predicate<String> wanted) {
        this.wanted = wanted;
    }

    /** The file's sections in order of first appearance, or empty when it cannot be read. */
    Optional<List<Section>> read(Path file, Problems problems) {
        List<String> lines;
        try {
            String kernel = kernelFilesystem(file);
            if (kernel != null) {
                problems.error(
                        file,
                        1,
                        null,
                        "cannot read: on the kernel's " + kernel + " filesystem, whose files are made as they are read"
                                + " and can block a reader for ever (allowed: a"
                                + " configuration file on a disk or tmpfs)");
                return Optional.empty();
            }
            byte[] bytes = readBounded(file);
            if (bytes == null) {
                problems.error(
                        file,
                        1,
                        null,
                        "cannot read: larger than " + Limits.MAX_FILE_BYTES
                                + " bytes (allowed: a configuration file up to " + Limits.MAX_FILE_BYTES + " bytes)");
                return Optional.empty();
            }
            int bad = firstMalformed(bytes);
            if (bad >= 0) {
                problems.error(
                        file,
                        lineOf(bytes, bad),
                        null,
                        "cannot read: not valid UTF-8 text, at byte " + (bad + 1) + " (allowed: a UTF-8 text file)");
                return Optional.empty();
            }
            lines = decode(bytes).lines().toList();
        } catch (NoSuchFileException e) {
            problems.error(file, 0, null, "cannot read: no such file (allowed: an existing, readable file)");
            return Optional.empty();
        } catch (CharacterCodingException e) {
            problems.error(file, 1, null, "cannot read: not valid UTF-8 text (allowed: a UTF-8 text file)");
            return Optional.empty();
        } catch (IOException e) {
            problems.error(file, 0, null, "cannot read: " + e.getMessage() + " (allowed: an existing, readable file)");
            return Optional.empty();
        }
        IniScanner.Scanned scanned = IniScanner.scan(file, lines, problems, wanted);
        Collector handler = new Collector(file, scanned.index());
        try {
            IniParser.newInstance(parserConfig()).parse(new StringReader(String.join("\n", scanned.lines())), handler);
        } catch (InvalidFileFormatException e) {
            // The pre-scan blanks every line ini4j rejects; reaching this means they disagree.
            problems.error(file, 0, null, "cannot parse: " + e.getMessage() + " (allowed: INI syntax)");
        } catch (IOException e) {
            problems.error(file, 0, null, "cannot read: " + e.getMessage() + " (allowed: an existing, readable file)");
        }
        return Optional.of(new ArrayList<>(handler.sections.values()));
    }

    /**
     * The type of the kernel filesystem {@code file} is on, or null. A glob such as {@code /*}{@code /*}
     * reaches {@code /proc/kmsg}, which blocks its reader until the kernel logs something, and
     * {@code /sys} or {@code /sys/kernel/tracing} files that do the same: a reload reading one would
     * never end. Such files are never configuration. What has no mount entry (a pipe behind
     * {@code /dev/stdin}) is read as before.
     */
    private static String kernelFilesystem(Path file) {
        try {
            String type = Files.getFileStore(file).type();
            return KERNEL_FILESYSTEMS.contains(type) ? type : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The file's bytes, or null when it is larger than {@link Limits#MAX_FILE_BYTES} (read no further). */
    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Limits.MAX_FILE_BYTES + 1);
            return bytes.length > Limits.MAX_FILE_BYTES ? null : bytes;
        }
    }

    /** The index of the first byte that starts no valid UTF-8 sequence, or -1. */
    private static int firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    private static int lineOf(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Config parserConfig() {
        Config config = new Config();
        config.setMultiSection(true);
        config.setMultiOption(true);
        config.setEscape(false);
        // Continuations are joined by the pre-scan, the supervisord way (indentation), not ini4j's.
        config.setEscapeNewline(false);
        config.setLowerCaseOption(true);
        config.setLowerCaseSection(false);
        config.setEmptyOption(true);
        config.setInclude(false);
        config.setGlobalSection(false);
        return config;
    }

    private final class Collector implements IniHandler {
        private final Path file;
        private final LineIndex index;
        private final Map<String, Section> sections = new LinkedHashMap<>();
        private Section current;

        Collector(Path file, LineIndex index) {
            this.file = file;
            this.index = index;
        }

        @Override
        public void startSection(String name) {
            current = sections.computeIfAbsent(name, n -> new Section(n, file, index.sectionLine(n)));
        }

        @Override
        public void handleOption(String key, String value) {
            current.put(new RawValue(
                    current.name(), key, value, file, index.keyLine(current.name(), key), seq.incrementAndGet()));
        }

        @Override
        public void endSection() {
            current = null;
        }

        @Override
        public void startIni() {}

        @Override
        public void endIni() {}

        @Override
        public void handleComment(String comment) {}
    }
}
