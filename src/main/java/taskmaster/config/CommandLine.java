package taskmaster.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code cmd} into the argv to execute. A plain command is split into words as a POSIX
 * shell would (single quotes, double quotes with backslash escapes, backslash outside quotes),
 * so it is executed directly and its pid is the program's. A command that needs a shell (an
 * operator, a redirection, an expansion or a glob outside quotes, or {@code $} / backquote inside
 * double quotes, where a shell expands them too) becomes {@code /bin/sh -c cmd}. A command name
 * without {@code /} is left as it is: the launcher searches PATH.
 */
public final class CommandLine {
    private static final String SHELL_CHARS = "|&;<>()$`*?[{}";

    private CommandLine() {}

    /**
     * @throws InvalidValueException when the command is empty or a quote is not closed
     */
    public static List<String> parse(String cmd) throws InvalidValueException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean needsShell = false;
        int i = 0;
        while (i < cmd.length()) {
            char c = cmd.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int close = cmd.indexOf('\'', i + 1);
                if (close < 0) {
                    throw unterminated(cmd, "single", i);
                }
                word.append(cmd, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (j < cmd.length() && cmd.charAt(j) != '"') {
                    char d = cmd.charAt(j);
                    if (d == '\\' && j + 1 < cmd.length() && "$`\"\\\n".indexOf(cmd.charAt(j + 1)) >= 0) {
                        word.append(cmd.charAt(j + 1));
                        j += 2;
                        continue;
                    }
                    needsShell |= d == '$' || d == '`';
                    word.append(d);
                    j++;
                }
                if (j >= cmd.length()) {
                    throw unterminated(cmd, "double", i);
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 < cmd.length()) {
                    word.append(cmd.charAt(i + 1));
                } else {
                    word.append(c);
                }
                inWord = true;
                i += 2;
            } else {
                needsShell |= SHELL_CHARS.indexOf(c) >= 0 || (!inWord && (c == '~' || c == '#'));
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new InvalidValueException(
                    Values.quote(cmd) + " is an empty command (allowed: a command line, like python3 worker.py)");
        }
        return needsShell ? List.of("/bin/sh", "-c", cmd.strip()) : List.copyOf(words);
    }

    private static InvalidValueException unterminated(String cmd, String kind, int at) {
        return new InvalidValueException(Values.quote(cmd) + ": unterminated " + kind + " quote at position " + (at + 1)
                + " (allowed: close every quote; a ; or # after a space starts a comment unless double-quoted)");
    }
}
