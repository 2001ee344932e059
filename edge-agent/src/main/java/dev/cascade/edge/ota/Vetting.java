package dev.cascade.edge.ota;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import dev.cascade.protocol.model.ModelRef;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides whether an unpacked update may run: its files match the manifest's SHA-256s, the manifest is signed by a
 * trusted key, it is the version announced, its model loads, and it passes its own self-test. Each refusal names
 * its reason ({@link Reasons}). Stateless; opens one interpreter on the calling thread and closes it.
 */
final class Vetting {
    private Vetting() {}

    /** The outcome: the verified bundle, or why it was refused. */
    record Outcome(ModelBundle bundle, String reason, String detail) {
        static Outcome ok(ModelBundle b) {
            return new Outcome(b, "", "");
        }

        static Outcome refused(String reason, String detail) {
            return new Outcome(null, reason, detail);
        }

        boolean accepted() {
            return bundle != null;
        }
    }

    static Outcome vet(Path dir, ModelRef announced, TrustedKeys trust, Optional<ModelBundle> running) {
        ModelBundle unsigned;
        try {
            unsigned = ModelBundle.load(dir);
        } catch (ModelBundleException e) {
            String m = e.getMessage();
            return Outcome.refused(m != null && m.contains("SHA-256") ? Reasons.SHA256_MISMATCH : Reasons.INVALID_BUNDLE, m);
        }
        ModelBundle b;
        try {
            b = ModelBundle.load(dir, trust);
        } catch (ModelBundleException e) {
            return Outcome.refused(Reasons.SIGNATURE, e.getMessage());
        }
        ModelRef ref = new ModelRef(b.manifest().name(), b.manifest().version());
        if (!ref.equals(announced)) {
            return Outcome.refused(Reasons.WRONG_MODEL, "bundle must be " + announced + " as announced, was " + ref);
        }
        if (running.isPresent() && running.get().manifest().features().channels() != b.manifest().features().channels()) {
            return Outcome.refused(Reasons.WRONG_MODEL, "bundle must take " + running.get().manifest().features().channels()
                    + " channel(s) like the model it replaces, was " + b.manifest().features().channels());
        }
        if (b.selfTest().isEmpty()) {
            return Outcome.refused(Reasons.NO_SELF_TEST, "bundle " + ref + " ships no self-test (manifest selfTest)");
        }
        ScoringModel model;
        try {
            model = new ScoringModel(b, TfliteRunner.open(b, TfliteOptions.DEFAULT));
        } catch (ModelBundleException | RuntimeException e) {
            return Outcome.refused(Reasons.LOAD_FAILED, e.getMessage());
        }
        try (model) {
            Optional<String> failure = b.selfTest().get().firstFailure(model);
            if (failure.isPresent()) {
                return Outcome.refused(Reasons.SELF_TEST, "self-test of " + ref + ": " + failure.get());
            }
        } catch (RuntimeException e) {
            return Outcome.refused(Reasons.SELF_TEST, "self-test of " + ref + " failed: " + e);
        }
        return Outcome.ok(b);
    }
}
