package torch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;

class CollateTest {
    private static Tensor f(float... v) {
        return new Tensor(Storage.wrap(v), Layout.contiguous(v.length));
    }

    @Test
    void stacksTensors() {
        Tensor b = DefaultCollate.stack(List.of(f(1, 2), f(3, 4), f(5, 6)));
        assertArrayEquals(new int[] {3, 2}, b.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, b.toFloatArray());
        // A strided view (every other element of a 4-vector) is stacked by value.
        Tensor base = f(10, 11, 12, 13);
        Tensor strided = Tensor.view(base, new Layout(new int[] {2}, new int[] {2}, 1));
        assertArrayEquals(new float[] {11, 13, 1, 2}, DefaultCollate.stack(List.of(strided, f(1, 2))).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> DefaultCollate.stack(List.of(f(1, 2), f(1, 2, 3))));
    }

    @Test
    void tuplesColumnWise() {
        Tensor one = new Tensor(Storage.wrap(new long[] {1}), Layout.contiguous());
        Tensor two = new Tensor(Storage.wrap(new long[] {2}), Layout.contiguous());
        Tensor[] batch = (Tensor[]) DefaultCollate.collate(List.of(new Tensor[] {f(1, 2), one}, new Tensor[] {f(3, 4), two}));
        assertArrayEquals(new int[] {2, 2}, batch[0].shape());
        assertArrayEquals(new long[] {1, 2}, batch[1].toLongArray());
        assertArrayEquals(new int[] {2}, batch[1].shape());

        Object[] mixed = (Object[]) DefaultCollate.collate(List.of(new Object[] {f(1), 3, 0.5, "a"}, new Object[] {f(2), 4, 1.5, "b"}));
        assertArrayEquals(new float[] {1, 2}, ((Tensor) mixed[0]).toFloatArray());
        assertEquals(DType.INT64, ((Tensor) mixed[1]).dtype());
        assertArrayEquals(new long[] {3, 4}, ((Tensor) mixed[1]).toLongArray());
        assertEquals(DType.FLOAT64, ((Tensor) mixed[2]).dtype());
        assertArrayEquals(new double[] {0.5, 1.5}, ((Tensor) mixed[2]).toDoubleArray());
        assertEquals(List.of("a", "b"), mixed[3]);
    }

    @Test
    void numbersAndMaps() {
        Tensor floats = (Tensor) DefaultCollate.collate(List.of(1f, 2.5f));
        assertEquals(DType.FLOAT32, floats.dtype());
        Tensor bools = (Tensor) DefaultCollate.collate(List.of(true, false));
        assertEquals(DType.BOOL, bools.dtype());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) DefaultCollate.collate(List.of(Map.of("y", 1), Map.of("y", 7)));
        assertArrayEquals(new long[] {1, 7}, ((Tensor) m.get("y")).toLongArray());
    }

    record Sample(Tensor image, Object label) {}

    record Labeled(Tensor image, int label) {}

    @Test
    void recordsFieldWise() {
        Sample s = (Sample) DefaultCollate.collate(List.of(new Sample(f(1), 0), new Sample(f(2), 9)));
        assertArrayEquals(new float[] {1, 2}, s.image().toFloatArray());
        assertArrayEquals(new long[] {0, 9}, ((Tensor) s.label()).toLongArray());
        // An int component cannot hold the collated column: a map by component name instead.
        Object m = DefaultCollate.collate(List.of(new Labeled(f(1), 3), new Labeled(f(2), 4)));
        assertInstanceOf(Map.class, m);
        assertArrayEquals(new long[] {3, 4}, ((Tensor) ((Map<?, ?>) m).get("label")).toLongArray());
    }
}
