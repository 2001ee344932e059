package dev.cascade.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void encoded_carriesSchemeIterationsAndSalt_andParsesBackToAMatchingHash() {
        PasswordHash h = PasswordHash.of("correct-horse", 10_000);
        String stored = h.encoded();
        assertThat(stored).startsWith("pbkdf2-sha256$10000$").matches("pbkdf2-sha256\\$10000\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
        PasswordHash back = PasswordHash.parse(stored).orElseThrow();
        assertThat(back.iterations()).isEqualTo(10_000);
        assertThat(back.matches("correct-horse")).isTrue();
        assertThat(back.matches("correct-horsf")).isFalse();
        assertThat(back.matches(null)).isFalse();
    }

    @Test
    void sameHashTwice_hasDifferentSalts() {
        assertThat(PasswordHash.of("correct-horse", 10_000).encoded())
                .isNotEqualTo(PasswordHash.of("correct-horse", 10_000).encoded());
    }

    @Test
    void parse_withWrongShapeOrTooFewIterations_isEmpty() {
        String ok = PasswordHash.of("correct-horse", 10_000).encoded();
        assertThat(PasswordHash.parse(ok.replace("pbkdf2-sha256", "md5"))).isEmpty();
        assertThat(PasswordHash.parse(ok.replace("$10000$", "$9$"))).isEmpty();
        assertThat(PasswordHash.parse("pbkdf2-sha256$10000$!!$??")).isEmpty();
        assertThat(PasswordHash.parse("correct-horse")).isEmpty();
        assertThat(PasswordHash.parse(null)).isEmpty();
    }

    @Test
    void toString_hidesSaltAndHash() {
        assertThat(PasswordHash.of("correct-horse", 10_000).toString()).isEqualTo("pbkdf2-sha256$10000$***");
    }

    @Test
    void of_withShortPasswordOrFewIterations_throwsNamingTheField() {
        assertThatThrownBy(() -> PasswordHash.of("short", 10_000)).hasMessage("password must be at least 8 characters");
        assertThatThrownBy(() -> PasswordHash.of("correct-horse", 100))
                .hasMessage("iterations must be >= 10000, was 100");
    }
}
