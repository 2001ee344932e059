package dev.cascade.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever YAML or environment a role is given, reading it yields a value or violations, never another exception. */
class ConfigLoaderProperties {

    @Property(tries = 300)
    void anyYamlText_givesAValueOrViolations_neverAnotherException(@ForAll("yamlish") String yaml) {
        assertOnlyConfigOutcomes(yaml, Map.of());
    }

    @Property(tries = 300)
    void anyTreeOfKnownAndUnknownKeys_givesAValueOrViolations(@ForAll("trees") String yaml) {
        assertOnlyConfigOutcomes(yaml, Map.of());
    }

    @Property(tries = 200)
    void anyEnvironmentValue_givesAValueOrViolations(@ForAll("envKeys") String key, @ForAll("scalars") String value) {
        assertOnlyConfigOutcomes("ingest: {}\n", Map.of(key, value));
    }

    private static void assertOnlyConfigOutcomes(String yaml, Map<String, String> env) {
        try {
            LoadedConfig<ConfigLoaderTest.Sample> loaded = ConfigLoaderTest.LOADER.parse(yaml, Path.of("."), env);
            assertThat(loaded.value()).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.violations()).isNotEmpty().allSatisfy(v -> assertThat(v).isNotBlank());
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.strings().withChars("ingest:kafka bootstrap\n -[]{}\"'#&*!|>%@`,?=~0123456789.\t").ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> scalars() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20), Arbitraries.of("", "~", "null", "[1]", "{a: b}",
                "1e999", "-1", "99999999999999999999", "PT-1S", "1d", "true", "0x10", "16MiB"));
    }

    @Provide
    Arbitrary<String> envKeys() {
        return Arbitraries.of("CASCADE_INGEST_PORT", "CASCADE_INGEST_TIMEOUT", "CASCADE_INGEST_MODE", "CASCADE_INGEST_FILE",
                "CASCADE_INGEST_BUFFER", "CASCADE_INGEST_KAFKA_BOOTSTRAP", "CASCADE_INGEST_KAFKA_PASSWORD",
                "CASCADE_INGEST_KAFKA_PASSWORD_FILE");
    }

    @Provide
    Arbitrary<String> trees() {
        Arbitrary<String> keys = Arbitraries.of("kafka", "bootstrap", "port", "timeout", "mode", "file", "buffer",
                "password-file", "overrides", "unknown", "ingest");
        Arbitrary<String> leaf = scalars().map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Arbitrary<String> value = Arbitraries.oneOf(leaf, Arbitraries.of("[]", "{}", "[a, 1]", "{x: {y: 1}}", "null", "12",
                "-3.5", "true"));
        Arbitrary<String> entry = Combinators.combine(keys, value).as((k, v) -> k + ": " + v);
        Arbitrary<String> inner = entry.list().ofMaxSize(6).map(l -> "{" + String.join(", ", l) + "}");
        Arbitrary<String> kafka = inner.map(i -> "kafka: " + i);
        return Arbitraries.oneOf(entry, kafka).list().ofMaxSize(8)
                .map(l -> "ingest: {" + String.join(", ", l) + "}\n");
    }
}
