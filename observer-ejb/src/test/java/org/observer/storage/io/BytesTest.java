package org.observer.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void scansAgreeWithByteByByteLoops() {
        Random random = new Random(3);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                int r = random.nextInt(10);
                bytes[i] = (byte) (r == 0 ? 0 : r == 1 ? 1 : r == 2 ? 0x80 : r == 3 ? 0xFF : r == 4 ? 2 : random.nextInt(256));
            }
            bytes[bytes.length - 1] = 0;
            int from = random.nextInt(bytes.length);
            int zero = from;
            while (bytes[zero] != 0) {
                zero++;
            }
            assertEquals(zero, Bytes.indexOfZero(bytes, from));
            int ones = 0;
            for (int i = from; i < zero; i++) {
                ones += bytes[i] == 1 ? 1 : 0;
            }
            assertEquals(ones, Bytes.countOnes(bytes, from, zero));
            byte value = (byte) (random.nextBoolean() ? 2 : random.nextInt(256));
            int to = from + random.nextInt(bytes.length - from + 1);
            int values = 0;
            for (int i = from; i < to; i++) {
                values += bytes[i] == value ? 1 : 0;
            }
            assertEquals(values, Bytes.count(bytes, from, to, value), "value " + value);
            int zeros = 0;
            for (int i = from; i < bytes.length; i++) {
                zeros += bytes[i] == 0 ? 1 : 0;
            }
            int n = random.nextInt(zeros + 1);
            int after = from;
            for (int left = n; left > 0; after++) {
                if (bytes[after] == 0) {
                    left--;
                }
            }
            assertEquals(after, Bytes.afterZeros(bytes, from, n), "n=" + n);
            int ends = 0;
            for (int i = from; i < bytes.length; i++) {
                ends += bytes[i] >= 0 ? 1 : 0;
            }
            int varints = random.nextInt(ends + 1);
            int afterVarints = from;
            for (int left = varints; left > 0; afterVarints++) {
                if (bytes[afterVarints] >= 0) {
                    left--;
                }
            }
            assertEquals(afterVarints, Bytes.afterVarints(bytes, from, varints), "varints=" + varints);
        }
    }
}
