package org.observer.query;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.observer.analysis.FieldTypes;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The query text of a search, as a client sends it: parsing and planning either give a plan or
 * throw {@link IllegalArgumentException} (a {@link QuerySyntaxException}, a bad time in a range),
 * which the API answers with 400. Anything else (a StackOverflowError on deep nesting, an
 * ArithmeticException from a far date, an IndexOutOfBounds) would be a 500 and fails the test.
 * The input is the query's UTF-8 bytes, so the regression inputs beside this class are plain files.
 */
class QueryParserFuzzTest {

    private static final QueryPlanner PLANNER = new QueryPlanner(FieldTypes.DEFAULT);

    @FuzzTest(maxDuration = "1m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryFile(resourcePath = "/org/observer/query/QueryParserFuzzTest.dict")
    void parsesAndPlansOrRejectsAsAClientError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Query query;
        try {
            query = QueryParser.parse(text);
        } catch (QuerySyntaxException e) {
            return;
        }
        try {
            PLANNER.plan(query);
        } catch (IllegalArgumentException e) {
            // a range bound on @timestamp that is not a time: also a 400
        }
    }
}
