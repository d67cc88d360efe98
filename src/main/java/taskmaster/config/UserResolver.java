package taskmaster.config;

import taskmaster.model.UserSpec;

/** The {@code user} key: an account that exists and that the daemon can switch to. */
final class UserResolver {
    private UserResolver() {}

    static UserSpec resolve(String value, LoaderInputs inputs) throws InvalidValueException {
        String s = value.strip();
        var found = s.chars().allMatch(Character::isDigit) && !s.isEmpty()
                ? parseUid(s).flatMap(uid -> inputs.users().byUid(uid))
                : inputs.users().byName(s);
        UserSpec user = found.orElseThrow(() -> new InvalidValueException(
                "unknown user " + Values.quote(s) + " (allowed: a user name or uid listed in /etc/passwd)"));
        if (!inputs.isRoot() && user.uid() != inputs.currentUid()) {
            throw new InvalidValueException(Values.quote(s) + " (uid " + user.uid() + ") cannot be used:"
                    + " taskmasterd runs as uid " + inputs.currentUid() + ", not root"
                    + " (allowed: your own user, or start taskmasterd as root)");
        }
        return user;
    }

    private static java.util.Optional<Integer> parseUid(String s) {
        try {
            return java.util.Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
