package dev.cascade.dashboard;

/**
 * Where the operators' dashboard listens and who may see it.
 *
 * @param bindAddress interface to listen on (127.0.0.1 keeps it on this machine)
 * @param port TCP port; 0 picks a free one
 * @param user the login name (HTTP Basic)
 * @param password the login password; at least 8 characters
 */
public record DashboardOptions(String bindAddress, int port, String user, String password) {
    public DashboardOptions {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank, was " + bindAddress);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (user == null || !user.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("user must be 1-64 characters of [A-Za-z0-9._-], was " + user);
        }
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("password must be at least 8 characters");
        }
    }

    @Override
    public String toString() {
        return "DashboardOptions[" + bindAddress + ":" + port + ", user=" + user + ", password=***]";
    }
}
