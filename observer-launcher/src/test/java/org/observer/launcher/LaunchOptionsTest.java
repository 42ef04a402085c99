package org.observer.launcher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchOptionsTest {

    @Test
    void noArgumentsStartOneNode() throws Exception {
        assertEquals(new LaunchOptions(1, false), LaunchOptions.parse());
    }

    @Test
    void nodesTakesACountAsNextArgumentOrAfterEquals() throws Exception {
        assertEquals(3, LaunchOptions.parse("--nodes", "3").nodes());
        assertEquals(2, LaunchOptions.parse("--nodes=2").nodes());
        assertEquals(1, LaunchOptions.parse("--nodes", "1").nodes());
    }

    @Test
    void kafkaOnlyStartsNoNodeAndExcludesNodes() throws Exception {
        assertEquals(new LaunchOptions(0, false), LaunchOptions.parse("--kafka-only"));
        assertThrows(LaunchOptions.InvalidArguments.class, () -> LaunchOptions.parse("--kafka-only", "--nodes", "2"));
    }

    @Test
    void helpIsRecognisedAnywhere() throws Exception {
        assertTrue(LaunchOptions.parse("--help").help());
        assertTrue(LaunchOptions.parse("--nodes", "2", "-h").help());
    }

    @Test
    void zeroNegativeOrNonNumericNodesAreRejectedWithTheValue() {
        for (String value : new String[]{"0", "-1", "x", "", "2.5", "99999999999"}) {
            LaunchOptions.InvalidArguments e = assertThrows(LaunchOptions.InvalidArguments.class,
                    () -> LaunchOptions.parse("--nodes", value));
            assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        }
    }

    @Test
    void nodesWithoutACountIsRejected() {
        assertThrows(LaunchOptions.InvalidArguments.class, () -> LaunchOptions.parse("--nodes"));
    }

    @Test
    void unknownArgumentsAreRejectedByName() {
        LaunchOptions.InvalidArguments e = assertThrows(LaunchOptions.InvalidArguments.class,
                () -> LaunchOptions.parse("--node", "3"));
        assertEquals("unknown argument '--node'", e.getMessage());
    }
}
