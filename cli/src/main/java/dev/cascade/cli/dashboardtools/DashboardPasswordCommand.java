package dev.cascade.cli.dashboardtools;

import dev.cascade.dashboard.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cascade dashboard-password}: hashes a dashboard password for {@code dashboard.users[].password-hash}. */
@Command(name = "dashboard-password", mixinStandardHelpOptions = true,
        description = {"Hash a dashboard login password (PBKDF2WithHmacSHA256, salt and iterations in the result) for",
                "dashboard.users[].password-hash. Reads the password from the terminal (twice) or one line of stdin."})
public final class DashboardPasswordCommand implements Callable<Integer> {
    @Option(names = "--iterations", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
            description = "PBKDF2 iterations (default ${DEFAULT-VALUE}; at least 10000)")
    int iterations;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String password;
        Console console = System.console();
        if (console != null) {
            char[] a = console.readPassword("Password: ");
            char[] b = console.readPassword("Again: ");
            if (a == null || b == null || !new String(a).equals(new String(b))) {
                spec.commandLine().getErr().println("dashboard-password: the two passwords differ");
                return 2;
            }
            password = new String(a);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        try {
            spec.commandLine().getOut().println(PasswordHash.of(password, iterations).encoded());
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dashboard-password: " + e.getMessage());
            return 2;
        }
    }
}
