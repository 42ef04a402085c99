package org.observer.cluster;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.config.ObserverConfig;
import org.observer.config.RetentionRules;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The retention Elasticsearch clients ask for: an ILM policy's {@code delete} phase
 * ({@code min_age}) applies to the index patterns of every index template naming the policy in
 * {@code index.lifecycle.name}, the template of highest {@code priority} first. Here the age is
 * counted from an index's newest log (there is no rollover), and a zero age is ignored rather
 * than deleting every index at once.
 */
final class IlmRetention {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Logger LOG = Logger.getLogger(IlmRetention.class.getName());

    private IlmRetention() {
    }

    /** @param installed what clients installed, by {@code kind/name} ({@link TemplateStore}) */
    static List<RetentionRules.Rule> rules(Map<String, String> installed) {
        record Attached(int priority, List<String> patterns, String policy) {
        }
        List<Attached> templates = new ArrayList<>();
        for (Map.Entry<String, String> e : installed.entrySet()) {
            boolean composable = e.getKey().startsWith("_index_template/");
            if (!composable && !e.getKey().startsWith("_template/")) {
                continue;
            }
            JsonObject template = parse(e.getValue());
            if (template == null) {
                continue;
            }
            JsonObject settings = composable ? object(object(template, "template"), "settings") : object(template, "settings");
            String policy = lifecycleName(settings);
            List<String> patterns = patterns(template.get("index_patterns"));
            if (policy != null && !patterns.isEmpty()) {
                int priority = template.get("priority") instanceof jakarta.json.JsonNumber n ? n.intValue()
                        : template.get("order") instanceof jakarta.json.JsonNumber o ? o.intValue() : 0;
                templates.add(new Attached(priority, patterns, policy));
            }
        }
        templates.sort(Comparator.comparingInt(Attached::priority).reversed());
        List<RetentionRules.Rule> rules = new ArrayList<>();
        for (Attached template : templates) {
            Duration keep = deleteAfter(installed.get("_ilm/policy/" + template.policy()));
            if (keep != null) {
                template.patterns().forEach(p -> rules.add(new RetentionRules.Rule(p, keep)));
            }
        }
        return rules;
    }

    /** The delete phase's {@code min_age} of a policy body ({@code {"policy": {"phases": ...}}}), or null. */
    static Duration deleteAfter(String policyBody) {
        JsonObject body = policyBody == null ? null : parse(policyBody);
        if (body == null) {
            return null;
        }
        JsonObject policy = body.containsKey("policy") ? object(body, "policy") : body;
        JsonObject delete = object(object(policy, "phases"), "delete");
        if (delete == null || !(delete.get("min_age") instanceof JsonString age)) {
            return null;
        }
        try {
            Duration keep = ObserverConfig.parseDuration(age.getString());
            if (keep.isZero() || keep.isNegative()) {
                LOG.warning(() -> "Ignoring an ILM delete phase of min_age " + age.getString() + ": it would delete at once");
                return null;
            }
            return keep;
        } catch (RuntimeException e) {
            LOG.warning(() -> "Ignoring an ILM delete phase of min_age " + age.getString() + ": not a duration");
            return null;
        }
    }

    /** {@code index.lifecycle.name}, nested or dotted. */
    private static String lifecycleName(JsonObject settings) {
        if (settings == null) {
            return null;
        }
        if (settings.get("index.lifecycle.name") instanceof JsonString s) {
            return s.getString();
        }
        JsonObject index = object(settings, "index");
        if (index != null && index.get("lifecycle.name") instanceof JsonString s) {
            return s.getString();
        }
        JsonObject lifecycle = index == null ? object(settings, "lifecycle") : object(index, "lifecycle");
        return lifecycle != null && lifecycle.get("name") instanceof JsonString s ? s.getString() : null;
    }

    private static List<String> patterns(JsonValue value) {
        List<String> patterns = new ArrayList<>();
        if (value instanceof JsonString s) {
            patterns.add(s.getString());
        } else if (value instanceof JsonArray array) {
            array.forEach(v -> {
                if (v instanceof JsonString s) {
                    patterns.add(s.getString());
                }
            });
        }
        return patterns;
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent != null && parent.get(key) instanceof JsonObject o ? o : null;
    }

    private static JsonObject parse(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
