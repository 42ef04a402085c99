package org.observer.web.es;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

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
        List<BulkActions.Action> actions = BulkActions.parse(body, "web");
        assertEquals(3, actions.size());
        assertEquals(new BulkActions.Action("index", "auth-2025-07-10", "a1", "{\"message\":\"login ok\"}", null), actions.get(0));
        assertEquals(new BulkActions.Action("create", "web", null, "{\"message\":\"login failed\"}", null), actions.get(1));
        assertEquals("7", actions.get(2).id(), "a numeric _id is kept as text");
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
        List<BulkActions.Action> actions = BulkActions.parse(body, null);
        assertEquals(List.of("delete", "update", "index", "index"), actions.stream().map(BulkActions.Action::kind).toList());
        assertTrue(actions.get(0).refusal().contains("deleted by index"), actions.get(0).refusal());
        assertTrue(actions.get(1).refusal().contains("not changed"), actions.get(1).refusal());
        assertTrue(actions.get(2).refusal().startsWith("no index"), actions.get(2).refusal());
        assertNull(actions.get(3).refusal());
    }

    @Test
    void aBodyThatIsNotActionAndDocumentLinesIsRefusedAsAWhole() {
        assertThrows(InvalidRequestException.class, () -> BulkActions.parse("", "a"));
        assertThrows(InvalidRequestException.class, () -> BulkActions.parse("\n\n", "a"));
        InvalidRequestException notJson = assertThrows(InvalidRequestException.class, () -> BulkActions.parse("index\n{}\n", "a"));
        assertTrue(notJson.getMessage().contains("line [1]"), notJson.getMessage());
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                () -> BulkActions.parse("{\"upsert\":{}}\n{}\n", "a"));
        assertTrue(unknown.getMessage().contains("[upsert]"), unknown.getMessage());
        assertThrows(InvalidRequestException.class, () -> BulkActions.parse("{\"index\":{},\"create\":{}}\n{}\n", "a"));
        InvalidRequestException noDocument = assertThrows(InvalidRequestException.class,
                () -> BulkActions.parse("{\"index\":{}}\n{\"a\":1}\n{\"index\":{}}\n", "a"));
        assertTrue(noDocument.getMessage().contains("line 3"), noDocument.getMessage());
    }
}
