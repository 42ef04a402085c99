package org.observer.web.rest;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.observer.api.BulkItemResult;
import org.observer.api.BulkResult;
import org.observer.api.IngestReceipt;

import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bulk answer, written straight into bytes, is the JSON a parser reads back item by item. */
class JsonBulkTest {

    @Test
    void everyItemIsWrittenWithItsReceiptOrItsReason() {
        BulkResult result = new BulkResult(1234567890123L, 2, 2, List.of(
                BulkItemResult.accepted(1, new IngestReceipt("a", "3-9007199254740993", 3, 9007199254740993L)),
                BulkItemResult.rejected(2, 400, "field 'time' is \"日本\\\", which is not a time\n\u0001"),
                BulkItemResult.accepted(4, new IngestReceipt("a", "0-0-999", 0, 0)),
                BulkItemResult.rejected(5, 413, "a log is 2000 bytes"),
                BulkItemResult.accepted(9, new IngestReceipt("a", "1-1", Integer.MAX_VALUE, 1_000_000_000L)),
                BulkItemResult.accepted(10, new IngestReceipt("a", "1-1", 9, 999_999_999L))));
        JsonObject answer = jakarta.json.Json.createReader(new ByteArrayInputStream(Json.bulk(result))).readObject();
        assertEquals(1234567890123L, answer.getJsonNumber("took_ms").longValue());
        assertEquals(true, answer.getBoolean("errors"));
        assertEquals(2, answer.getInt("accepted")); // as given, whatever the items say
        assertEquals(2, answer.getInt("rejected"));
        JsonArray items = answer.getJsonArray("items");
        assertEquals(6, items.size());
        assertEquals(Integer.MAX_VALUE, items.getJsonObject(4).getInt("partition"));
        assertEquals(1_000_000_000L, items.getJsonObject(4).getJsonNumber("offset").longValue());
        assertEquals(999_999_999L, items.getJsonObject(5).getJsonNumber("offset").longValue());
        assertEquals(10, items.getJsonObject(5).getInt("line"));
        assertEquals("3-9007199254740993", items.getJsonObject(0).getString("id"));
        assertEquals(9007199254740993L, items.getJsonObject(0).getJsonNumber("offset").longValue());
        assertEquals(202, items.getJsonObject(0).getInt("status"));
        assertEquals("field 'time' is \"日本\\\", which is not a time\n\u0001", items.getJsonObject(1).getString("error"));
        assertEquals(400, items.getJsonObject(1).getInt("status"));
        assertEquals(4, items.getJsonObject(2).getInt("line"));
        assertEquals("0-0-999", items.getJsonObject(2).getString("id"));
        assertEquals(0, items.getJsonObject(2).getInt("partition"));
        assertEquals(413, items.getJsonObject(3).getInt("status"));
        assertEquals(false, jakarta.json.Json.createReader(new ByteArrayInputStream(Json.bulk(new BulkResult(0, 0, 0, List.of()))))
                .readObject().getBoolean("errors"));
    }
}
