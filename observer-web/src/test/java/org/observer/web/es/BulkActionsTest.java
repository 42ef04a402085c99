package org.observer.web.es;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkActionsTest {

    @Test
    void indexAndCreateActionsPairWithTheirDocumentsAndTakeTheIndexFromTheActionOrThePath() {
        String body = """
                {"index":{"_index":"auth-2025-07-10","_id":"a1","_type":"_doc"}}
                {"message":"login ok"}
                {"create":{}}\r
                {"message":"login failed"}\r
                {"create":{"_id":7,"pipeline":"p","routing":"r"}}
                {"message":"third"}
                """;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<BulkActions.Action> actions = BulkActions.parse(bytes, "web");
        assertEquals(3, actions.size());
        assertEquals(List.of("index", "auth-2025-07-10", "a1", "{\"message\":\"login ok\"}"), describe(actions.get(0), bytes));
        assertEquals(Arrays.asList("create", "web", null, "{\"message\":\"login failed\"}"), describe(actions.get(1), bytes),
                "the \\r before the \\n is not the document's");
        assertEquals("7", actions.get(2).id(), "a numeric _id is kept as text");
        assertNull(actions.get(0).refusal());
    }

    @Test
    void deleteAndUpdateAndAMissingIndexAreRefusedAloneInOrder() {
        String body = """
                {"delete":{"_index":"a","_id":"1"}}
                {"update":{"_index":"a","_id":"1"}}
                {"doc":{"x":1}}
                {"index":{}}
                {"message":"no index anywhere"}
                {"index":{"_index":"a"}}
                {"message":"fine"}
                """;
        List<BulkActions.Action> actions = BulkActions.parse(body.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(List.of("delete", "update", "index", "index"), actions.stream().map(BulkActions.Action::kind).toList());
        assertTrue(actions.get(0).refusal().contains("deleted by index"), actions.get(0).refusal());
        assertTrue(actions.get(1).refusal().contains("not changed"), actions.get(1).refusal());
        assertTrue(actions.get(2).refusal().startsWith("no index"), actions.get(2).refusal());
        assertNull(actions.get(3).refusal());
    }

    @Test
    void repeatedActionLinesAreReadOnceAndADocumentThatIsNotUtf8IsLeftToTheIngestToRefuseAlone() {
        byte[] bytes = concat("{\"create\":{\"_index\":\"a\"}}\n{\"m\":1}\n{\"create\":{\"_index\":\"a\"}}\n",
                new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'},
                "{\"create\":{\"_index\":\"a\"}}\n{\"m\":3}\n{\"create\":{\"_index\":\"b\",\"_id\":\"x\"}}\n{\"m\":4}");
        List<BulkActions.Action> actions = BulkActions.parse(bytes, null);
        assertEquals(List.of("a", "a", "a", "b"), actions.stream().map(BulkActions.Action::index).toList());
        assertEquals(Arrays.asList(null, null, null, "x"), actions.stream().map(BulkActions.Action::id).toList());
        assertEquals(9, actions.get(1).to() - actions.get(1).from(), "the broken document's bytes, as they came");
        assertEquals("{\"m\":4}", actions.get(3).source(bytes));
        assertTrue(actions.stream().allMatch(action -> action.refusal() == null));
    }

    @Test
    void anActionLineThatIsNotUtf8RefusesTheBody() {
        byte[] bytes = concat(new byte[] {'{', '"', 'i', 'n', 'd', 'e', 'x', '"', ':', '{', '"', '_', 'i', 'd', '"', ':', '"',
                (byte) 0xFF, '"', '}', '}', '\n'}, "{\"m\":1}\n");
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> BulkActions.parse(bytes, "a"));
        assertTrue(refused.getMessage().contains("line [1]") && refused.getMessage().contains("UTF-8"), refused.getMessage());
    }

    @Test
    void aBodyThatIsNotActionAndDocumentLinesIsRefusedAsAWhole() {
        assertThrows(InvalidRequestException.class, () -> parse("", "a"));
        assertThrows(InvalidRequestException.class, () -> parse("\n\n", "a"));
        InvalidRequestException notJson = assertThrows(InvalidRequestException.class, () -> parse("index\n{}\n", "a"));
        assertTrue(notJson.getMessage().contains("line [1]"), notJson.getMessage());
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                () -> parse("{\"upsert\":{}}\n{}\n", "a"));
        assertTrue(unknown.getMessage().contains("[upsert]"), unknown.getMessage());
        assertThrows(InvalidRequestException.class, () -> parse("{\"index\":{},\"create\":{}}\n{}\n", "a"));
        InvalidRequestException noDocument = assertThrows(InvalidRequestException.class,
                () -> parse("{\"index\":{}}\n{\"a\":1}\n{\"index\":{}}\n", "a"));
        assertTrue(noDocument.getMessage().contains("line 3"), noDocument.getMessage());
    }

    private static List<BulkActions.Action> parse(String body, String pathIndex) {
        return BulkActions.parse(body.getBytes(StandardCharsets.UTF_8), pathIndex);
    }

    private static List<String> describe(BulkActions.Action action, byte[] body) {
        return Arrays.asList(action.kind(), action.index(), action.id(), action.source(body));
    }

    private static byte[] concat(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] bytes ? bytes : ((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
