package org.observer.cluster;

import org.junit.jupiter.api.Test;
import org.observer.config.RetentionRules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IlmRetentionTest {

    private static final String POLICY_30D = "{\"policy\":{\"phases\":{\"hot\":{\"actions\":{\"rollover\":{\"max_age\":\"1d\"}}},"
            + "\"delete\":{\"min_age\":\"30d\",\"actions\":{\"delete\":{}}}}}}";

    @Test
    void aDeletePhaseAppliesToThePatternsOfTheTemplatesNamingThePolicy() {
        Map<String, String> installed = Map.of(
                "_ilm/policy/logs-30d", POLICY_30D,
                "_ilm/policy/keep", "{\"policy\":{\"phases\":{\"hot\":{\"actions\":{}}}}}",
                "_ilm/policy/at-once", "{\"policy\":{\"phases\":{\"delete\":{\"min_age\":\"0ms\",\"actions\":{\"delete\":{}}}}}}",
                "_index_template/filebeat", "{\"index_patterns\":[\"filebeat-*\"],\"priority\":150,"
                        + "\"template\":{\"settings\":{\"index\":{\"lifecycle\":{\"name\":\"logs-30d\"}}}}}",
                "_index_template/wide", "{\"index_patterns\":[\"*-beat-*\"],\"template\":{\"settings\":{\"index.lifecycle.name\":\"keep\"}}}",
                "_template/legacy", "{\"index_patterns\":[\"old-*\"],\"settings\":{\"index.lifecycle.name\":\"logs-30d\"}}",
                "_template/zero", "{\"index_patterns\":[\"now-*\"],\"settings\":{\"index.lifecycle.name\":\"at-once\"}}");
        List<RetentionRules.Rule> rules = IlmRetention.rules(installed);
        assertEquals(List.of(new RetentionRules.Rule("filebeat-*", Duration.ofDays(30)), new RetentionRules.Rule("old-*", Duration.ofDays(30))),
                rules, "a policy without a delete phase or deleting at once sets nothing");
    }

    @Test
    void theSettingsNamedPatternsComeFirstThenPoliciesThenTheDefault() {
        RetentionRules configured = RetentionRules.parse("auth-*:90d,*:7d");
        RetentionRules all = configured.with(List.of(new RetentionRules.Rule("auth-*", Duration.ofDays(1)),
                new RetentionRules.Rule("web-*-prod", Duration.ofDays(30))));
        assertEquals(Optional.of(Duration.ofDays(90)), all.of("auth-2025-07-10"));
        assertEquals(Optional.of(Duration.ofDays(30)), all.of("web-eu-prod"), "a pattern with * inside");
        assertEquals(Optional.of(Duration.ofDays(7)), all.of("web-eu-test"));
    }
}
