package taskmaster.output;

/**
 * Bytes read from a process's current log file.
 *
 * @param bytes      what was read (at most the length asked for)
 * @param offset     where {@code bytes} start in the current file; 0 when the offset asked for was
 *                   beyond the end of the file (it was rotated or cleared meanwhile: the reader
 *                   starts again from the beginning of the new file)
 * @param nextOffset the offset to ask for next ({@code offset + bytes.length})
 * @param size       the size of the current file when it was read
 * @param fileId     which file was read (its inode; 0 when there is none): a follower that sees
 *                   it change knows a rotation or a reopen started a new file, even when the new
 *                   file already grew past the offset it had reached in the old one
 */
public record LogChunk(byte[] bytes, long offset, long nextOffset, long size, long fileId) {

    /** Whether the reader lost its place (the file was rotated or cleared) and restarted at 0. */
    public boolean restarted(long askedOffset) {
        return askedOffset != offset;
    }
}
