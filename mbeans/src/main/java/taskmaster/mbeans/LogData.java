package taskmaster.mbeans;

/**
 * A piece of a log file, for {@code tail} and for following a log from an offset.
 *
 * <p>Offsets are <b>byte</b> positions in the <em>current</em> file. {@code text} is those bytes
 * decoded as UTF-8 (an invalid sequence becomes U+FFFD). A chunk never ends inside a multi-byte
 * UTF-8 sequence: when the last bytes asked for would cut one, the chunk stops before it and
 * {@code nextOffset} stays on a character boundary (the sequence comes with the next read). A tail
 * likewise starts on a boundary.
 *
 * <p>When the offset asked for is beyond the end of the file (the file was rotated or cleared
 * since), the read starts again at 0 and {@code offset} is 0: a follower compares it with the
 * offset it asked for, or notices that {@code size} shrank.
 *
 * @param text       the bytes read, decoded as UTF-8
 * @param offset     the byte offset of the first byte of {@code text} in the current file
 * @param nextOffset the byte offset to ask for next to continue where this chunk ends
 * @param size       the size of the current file in bytes when it was read
 * @param fileId     which file was read (its inode number; 0 when there is none): when it changes
 *                   between two reads, the log was rotated or reopened and a follower starts the
 *                   new file from 0, even if that file already grew past its old offset
 */
public record LogData(String text, long offset, long nextOffset, long size, long fileId) {}
