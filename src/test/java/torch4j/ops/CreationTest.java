package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/** Fills keep integral values exact: int64 holds values a double cannot (beyond 2^53). */
class CreationTest {
    private static final long BIG = (1L << 53) + 1; // the smallest long a double rounds

    @Test
    void fullAndFillAreExactForLargeInt64() {
        assertArrayEquals(new long[] {BIG, BIG}, Torch.full(new int[] {2}, BIG).toLongArray());
        assertArrayEquals(new long[] {BIG, BIG, BIG}, Torch.zeros(DType.INT64, 3).fill_(BIG).toLongArray());
        Tensor strided = Torch.zeros(DType.INT64, 4, 2).get(":, 1");
        strided.fill_(Long.MAX_VALUE);
        assertArrayEquals(new long[] {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE}, strided.toLongArray());
        assertEquals(BIG, Torch.scalarTensor(BIG).itemLong());
        assertEquals(BIG + 1, Torch.tensor(new long[] {1}).add(BIG).itemLong());
    }

    @Test
    void integralFillCastsIntoOtherDtypes() {
        assertArrayEquals(new float[] {3f, 3f}, Torch.zeros(2).fill_(3).toFloatArray());
        assertArrayEquals(new boolean[] {true, true}, Torch.zeros(DType.BOOL, 2).fill_(5).toBooleanArray());
        assertArrayEquals(new int[] {-7, -7}, Torch.zeros(DType.INT32, 2).fill_(-7).toIntArray());
    }
}
