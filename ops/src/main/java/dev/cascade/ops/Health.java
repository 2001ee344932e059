package dev.cascade.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A process's named liveness and readiness checks. Liveness checks report problems (a dead worker, a
 * stopped thread): the process is live while none reports any. Readiness checks say whether the process
 * may be sent work (connected, subscribed, models warmed). Checks may be added at any time; a check that
 * throws counts as failing, with the exception as its reason. Thread-safe.
 */
public final class Health {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");

    private record Liveness(String name, Supplier<? extends List<String>> problems) {}

    private record Readiness(String name, BooleanSupplier check) {}

    private final List<Liveness> liveness = new CopyOnWriteArrayList<>();
    private final List<Readiness> readiness = new CopyOnWriteArrayList<>();

    /**
     * The outcome of running one kind of check.
     *
     * @param ok whether every check passed
     * @param failing each failing check's name and what it reported (sorted by name)
     */
    public record Report(boolean ok, Map<String, List<String>> failing) {
        public Report {
            Objects.requireNonNull(failing, "failing must not be null");
            failing = java.util.Collections.unmodifiableMap(new TreeMap<>(failing));
            if (ok != failing.isEmpty()) {
                throw new IllegalArgumentException("ok must be true exactly when nothing fails, was " + ok
                        + " with failing " + failing.keySet());
            }
        }
    }

    /** Adds a liveness check: the process is not live while {@code problems} returns a non-empty list. */
    public Health liveness(String name, Supplier<? extends List<String>> problems) {
        liveness.add(new Liveness(checkName(name), Objects.requireNonNull(problems, "problems must not be null")));
        return this;
    }

    /** Adds a readiness check: the process is not ready while {@code check} returns false. */
    public Health readiness(String name, BooleanSupplier check) {
        readiness.add(new Readiness(checkName(name), Objects.requireNonNull(check, "check must not be null")));
        return this;
    }

    /** Runs the liveness checks. */
    public Report live() {
        Map<String, List<String>> failing = new TreeMap<>();
        for (Liveness l : liveness) {
            try {
                List<String> problems = l.problems().get();
                if (problems != null && !problems.isEmpty()) {
                    failing.merge(l.name(), List.copyOf(problems), Health::concat);
                }
            } catch (RuntimeException e) {
                failing.merge(l.name(), List.of("check failed: " + e), Health::concat);
            }
        }
        return new Report(failing.isEmpty(), failing);
    }

    /** Runs the readiness checks; with none registered the process is not ready. */
    public Report ready() {
        Map<String, List<String>> failing = new TreeMap<>();
        if (readiness.isEmpty()) {
            failing.put("checks", List.of("no readiness check is registered yet"));
        }
        for (Readiness r : readiness) {
            try {
                if (!r.check().getAsBoolean()) {
                    failing.merge(r.name(), List.of("not ready"), Health::concat);
                }
            } catch (RuntimeException e) {
                failing.merge(r.name(), List.of("check failed: " + e), Health::concat);
            }
        }
        return new Report(failing.isEmpty(), failing);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must match " + NAME.pattern() + ", was " + name);
        }
        return name;
    }
}
