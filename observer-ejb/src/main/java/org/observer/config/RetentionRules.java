package org.observer.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.observer.api.Glob;
import org.observer.api.RetentionService;

/**
 * How long logs are kept, per index pattern ({@code auth-*:90d,web-*:7d,*:30d}): the first entry
 * whose pattern (a name, a prefix ending in {@code *}, or {@code *}) matches an index decides; an
 * index no entry matches is kept for ever. An index whose newest log is older than its retention
 * is deleted whole.
 */
public record RetentionRules(List<Rule> rules) implements RetentionService.Retention {

    /**
     * One entry: indexes matching {@code pattern} (a name, {@code *} matching any run of characters)
     * keep their logs for {@code keep}.
     */
    public record Rule(String pattern, Duration keep) {

        boolean matches(String index) {
            // a linear scan, not a regex: patterns come from clients' templates too
            return new Glob(pattern).matches(index);
        }
    }

    public static final RetentionRules NONE = new RetentionRules(List.of());

    public RetentionRules {
        rules = List.copyOf(rules);
    }

    /** @throws IllegalArgumentException naming the entry that is not {@code pattern:duration} */
    public static RetentionRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException("'" + e + "' is not pattern:duration (auth-*:90d)");
            }
            String pattern = e.substring(0, colon).trim();
            String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new IllegalArgumentException("'" + pattern + "' is not an index name, a prefix ending in * or *");
            }
            Duration keep;
            try {
                keep = ObserverConfig.parseDuration(e.substring(colon + 1).trim());
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("'" + e.substring(colon + 1).trim() + "' in '" + e
                        + "' is not a duration (90d, 12h, 30m)");
            }
            if (keep.isZero() || keep.isNegative()) {
                throw new IllegalArgumentException("the retention in '" + e + "' must be positive");
            }
            rules.add(new Rule(pattern, keep));
        }
        return new RetentionRules(rules);
    }

    /** A retention as the settings write it: 90d, 12h, 30m or 45s. */
    public static String format(Duration keep) {
        long s = keep.getSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /**
     * These rules with {@code attached} (ILM delete phases attached to index patterns) between the
     * named patterns and the catch-all {@code *}: a setting naming a pattern decides over a
     * policy, a policy over the setting's default.
     */
    public RetentionRules with(List<Rule> attached) {
        if (attached.isEmpty()) {
            return this;
        }
        List<Rule> all = new ArrayList<>();
        rules.stream().filter(r -> !r.pattern().equals("*")).forEach(all::add);
        all.addAll(attached);
        rules.stream().filter(r -> r.pattern().equals("*")).forEach(all::add);
        return new RetentionRules(all);
    }

    @Override
    public Optional<Duration> of(String index) {
        for (Rule rule : rules) {
            if (rule.matches(index)) {
                return Optional.of(rule.keep());
            }
        }
        return Optional.empty();
    }
}
