package taskmaster.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the known key a misspelt one was probably meant to be. */
final class KeySuggester {
    private KeySuggester() {}

    static Optional<String> nearest(String key, Collection<String> known) {
        if (key.length() > Limits.MAX_SUGGESTED_KEY) {
            return Optional.empty();
        }
        if (key.length() >= 3) {
            Optional<String> completed =
                    known.stream().filter(k -> k.startsWith(key)).findFirst();
            if (completed.isPresent()) {
                return completed;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // Beyond a third of the word the "suggestion" is noise.
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** The nearest known key however far, for a warning that always names one; null when there are none. */
    static String closest(String key, Collection<String> known) {
        Optional<String> near = nearest(key, known);
        if (near.isPresent()) {
            return near.get();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String probe = key.length() > Limits.MAX_SUGGESTED_KEY ? key.substring(0, Limits.MAX_SUGGESTED_KEY) : key;
        for (String k : known) {
            int d = distance(probe, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** "unknown key (did you mean 'x'?)" or, with nothing close, the list of known keys. */
    static String unknownKey(String key, Collection<String> known) {
        return nearest(key, known)
                .map(k -> "unknown key (did you mean '" + k + "'?)")
                .orElse("unknown key (allowed: " + String.join(", ", known) + ")");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
