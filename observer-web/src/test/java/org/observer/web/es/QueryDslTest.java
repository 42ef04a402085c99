package org.observer.web.es;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryDslTest {

    private static final long NOW = 1_752_148_800_000L; // 2025-07-10T12:00:00Z

    private static QueryDsl.Translated translate(String json) {
        JsonObject query = Json.createReader(new StringReader(json)).readObject();
        return QueryDsl.translate(query, NOW);
    }

    @Test
    void leafQueriesBecomeTheEnginesSyntax() {
        assertEquals("*", translate("{\"match_all\":{}}").query());
        assertEquals("(failed AND password)", translate("{\"query_string\":{\"query\":\"failed AND password\"}}").query());
        assertEquals("message:(failed OR password)", translate("{\"match\":{\"message\":\"failed password\"}}").query());
        assertEquals("message:(failed AND password)",
                translate("{\"match\":{\"message\":{\"query\":\"failed password\",\"operator\":\"and\"}}}").query());
        assertEquals("message:\"failed to connect\"", translate("{\"match_phrase\":{\"message\":\"failed to connect\"}}").query());
        assertEquals("host:web\\-01", translate("{\"term\":{\"host\":{\"value\":\"web-01\"}}}").query());
        assertEquals("status:(404 OR 500)", translate("{\"terms\":{\"status\":[404,500]}}").query());
        assertEquals("user:*", translate("{\"exists\":{\"field\":\"user\"}}").query());
        assertEquals("host:web*", translate("{\"prefix\":{\"host\":\"web\"}}").query());
        assertEquals("host:web*", translate("{\"wildcard\":{\"host\":{\"value\":\"web*\"}}}").query());
        assertEquals("(status:>=400 AND status:<500)", translate("{\"range\":{\"status\":{\"gte\":400,\"lt\":500}}}").query());
        assertEquals("(message:error OR source:error)",
                translate("{\"multi_match\":{\"query\":\"error\",\"fields\":[\"message\",\"source^2\"]}}").query());
    }

    @Test
    void aTimeRangeAtTheTopIsTheSearchsRangeFromInclusiveToExclusive() {
        QueryDsl.Translated t = translate("{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":{\"gte\":\"2025-07-10T00:00:00Z\","
                + "\"lte\":1752148800000,\"format\":\"epoch_millis\"}}},{\"query_string\":{\"query\":\"error\"}}]}}");
        assertEquals("((error))", t.query());
        assertEquals(1_752_105_600_000L, t.from());
        assertEquals(NOW + 1, t.to(), "lte: the last millisecond included");
        QueryDsl.Translated relative = translate("{\"range\":{\"@timestamp\":{\"gt\":\"now-15m\"}}}");
        assertEquals("*", relative.query());
        assertEquals(NOW - 15 * 60_000 + 1, relative.from());
        assertNull(relative.to());
    }

    @Test
    void boolCombinesMustShouldAndMustNot() {
        assertEquals("(a AND (b OR c) AND NOT (d))", translate("{\"bool\":{\"must\":[{\"query_string\":{\"query\":\"a\"}}],"
                + "\"should\":[{\"term\":{\"x\":\"b\"}},{\"term\":{\"x\":\"c\"}}],\"minimum_should_match\":1,"
                + "\"must_not\":{\"term\":{\"x\":\"d\"}}}}").query().replace("(a)", "a").replace("x:", ""));
        assertEquals("(x:b OR x:c)", translate("{\"bool\":{\"should\":[{\"term\":{\"x\":\"b\"}},{\"term\":{\"x\":\"c\"}}]}}")
                .query().replace("((", "(").replace("))", ")"));
        assertTrue(translate("{\"bool\":{\"must_not\":[{\"term\":{\"x\":\"d\"}}]}}").query().startsWith("(* AND NOT"),
                "only negations: everything but them");
    }

    @Test
    void whatTheEngineCannotAnswerIsA400NamingIt() {
        InvalidRequestException fuzzy = assertThrows(InvalidRequestException.class, () -> translate("{\"fuzzy\":{\"a\":\"b\"}}"));
        assertTrue(fuzzy.getMessage().contains("[fuzzy]"), fuzzy.getMessage());
        assertThrows(InvalidRequestException.class, () -> translate("{\"wildcard\":{\"host\":\"w*b*\"}}"));
        assertThrows(InvalidRequestException.class, () -> translate("{\"bool\":{\"should\":[{\"match_all\":{}}],\"minimum_should_match\":2}}"));
    }

    @Test
    void boolNestedDeeperThanTheLimitIsRefused() {
        String within = "{\"bool\":{\"must\":[".repeat(QueryDsl.MAX_BOOL_DEPTH) + "{\"match_all\":{}}" + "]}}".repeat(QueryDsl.MAX_BOOL_DEPTH);
        assertTrue(translate(within).query().contains("*"));
        String deeper = "{\"bool\":{\"must\":[".repeat(QueryDsl.MAX_BOOL_DEPTH + 1) + "{\"match_all\":{}}"
                + "]}}".repeat(QueryDsl.MAX_BOOL_DEPTH + 1);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> translate(deeper));
        assertTrue(e.getMessage().contains("nested more than " + QueryDsl.MAX_BOOL_DEPTH), e.getMessage());
    }
}
