package dev.cascade.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cascade.config.ConfigException;
import dev.cascade.dashboard.auth.PasswordHash;
import dev.cascade.dashboard.auth.Role;
import dev.cascade.dashboard.auth.UserAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigFileTest {
    private static final String HASH = PasswordHash.of("correct-horse-battery", 10_000).encoded();

    @Test
    void users_withHashesAndRoles_andLoginPolicy_areRead() throws Exception {
        DashboardConfigFile c = DashboardConfigFile.LOADER.parse("""
                dashboard:
                  users:
                    - name: alice
                      role: operator
                      password-hash: "%s"
                    - name: victor
                      password-hash: "%s"
                  session-ttl: 2h
                  secure-cookies: true
                  login:
                    free-attempts: 1
                    lockout-after: 4
                  kafka:
                    bootstrap: 127.0.0.1:19092
                """.formatted(HASH, HASH), Path.of(""), Map.of()).value();
        assertThat(c.options().users()).extracting(UserAccount::name, UserAccount::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Role.OPERATOR),
                        org.assertj.core.groups.Tuple.tuple("victor", Role.VIEWER));
        assertThat(c.options().users().get(0).password().matches("correct-horse-battery")).isTrue();
        assertThat(c.options().sessionTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(c.options().secureCookies()).isTrue();
        assertThat(c.options().loginPolicy().freeAttempts()).isEqualTo(1);
        assertThat(c.options().loginPolicy().lockoutAfter()).isEqualTo(4);
    }

    @Test
    void user_withAPlainPasswordInsteadOfAHash_isRefusedWithoutShowingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DashboardConfigFile.LOADER.parse("""
                dashboard:
                  users:
                    - name: alice
                      role: operator
                      password-hash: hunter2-plain
                  kafka:
                    bootstrap: 127.0.0.1:19092
                """, Path.of(""), Map.of()));
        assertThat(e.violations()).anySatisfy(v -> assertThat(v).isEqualTo(
                "dashboard.users[0].password-hash must be a hash from cascade dashboard-password (iterations >= 10000),"
                        + " was (not shown)"));
        assertThat(String.join("\n", e.violations())).doesNotContain("hunter2");
    }

    @Test
    void noLoginAtAll_isReported() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DashboardConfigFile.LOADER.parse("""
                dashboard:
                  kafka:
                    bootstrap: 127.0.0.1:19092
                """, Path.of(""), Map.of()));
        assertThat(e.violations()).contains("dashboard.password-file must be set (or CASCADE_DASHBOARD_PASSWORD), was (none)");
    }
}
