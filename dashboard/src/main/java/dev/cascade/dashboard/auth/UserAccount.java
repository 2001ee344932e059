package dev.cascade.dashboard.auth;

/**
 * One dashboard login.
 *
 * @param name the login name (1-64 characters of [A-Za-z0-9._@-]; it becomes the operator in operator actions)
 * @param role what the user may do
 * @param password the stored hash of the password
 */
public record UserAccount(String name, Role role, PasswordHash password) {
    public UserAccount {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("name must be 1-64 characters of [A-Za-z0-9._@-], was " + name);
        }
        if (role == null) {
            throw new IllegalArgumentException("role must not be null, was null");
        }
        if (password == null) {
            throw new IllegalArgumentException("password must not be null, was null");
        }
    }
}
