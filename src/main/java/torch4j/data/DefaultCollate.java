package torch4j.data;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Device;
import torch4j.Layout;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.ops.Creation;

/**
 * {@code torch.utils.data.default_collate}, by the type of the first item:
 * <ul>
 *   <li>{@link Tensor}: stacked along a new dim 0 (shapes and dtypes must agree);</li>
 *   <li>{@code Tensor[]}: a {@code Tensor[]} whose column {@code k} stacks every item's {@code [k]};</li>
 *   <li>{@code Object[]} and {@link List}: the same, column by column, each column collated recursively;</li>
 *   <li>{@link Map}: a map with each key's values collated;</li>
 *   <li>{@link Integer}, {@link Long}, {@link Short}, {@link Byte}: a 1-D int64 tensor; {@link Float}:
 *       float32; {@link Double}: float64 (PyTorch's dtype for Python floats); {@link Boolean}: bool;</li>
 *   <li>{@link String} (and anything else): the list of items unchanged;</li>
 *   <li>a record: a record of the same class when every component is declared {@code Tensor} or
 *       {@code Object}, else a {@code Map} from component name to the collated column.</li>
 * </ul>
 */
public final class DefaultCollate {
    private DefaultCollate() {}

    /** Collates {@code items} as described in the class comment. */
    public static Object collate(List<?> items) {
        if (items.isEmpty()) throw new IllegalArgumentException("default_collate: cannot collate an empty batch");
        Object first = items.get(0);
        if (first instanceof Tensor) return stack(cast(items, Tensor.class));
        if (first instanceof Tensor[] row) {
            Tensor[] out = new Tensor[row.length];
            for (int k = 0; k < out.length; k++) out[k] = stack(column(items, k, row.length, Tensor.class));
            return out;
        }
        if (first instanceof Object[] row) {
            Object[] out = new Object[row.length];
            for (int k = 0; k < out.length; k++) out[k] = collate(column(items, k, row.length, Object.class));
            return out;
        }
        if (first instanceof Number || first instanceof Boolean) return numbers(items);
        if (first instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object key : map.keySet()) {
                List<Object> col = new ArrayList<>(items.size());
                for (Object it : items) col.add(((Map<?, ?>) it).get(key));
                out.put(key, collate(col));
            }
            return out;
        }
        if (first instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int k = 0; k < list.size(); k++) {
                List<Object> col = new ArrayList<>(items.size());
                for (Object it : items) {
                    List<?> l = (List<?>) it;
                    if (l.size() != list.size()) throw new IllegalArgumentException("each element in list of batch should be of equal size");
                    col.add(l.get(k));
                }
                out.add(collate(col));
            }
            return out;
        }
        if (first instanceof Record) return record(items, first.getClass());
        return new ArrayList<>(items);
    }

    /**
     * Stacks same-shaped tensors along a new dim 0 ({@code torch.stack}). CPU tensors without
     * gradient are copied straight into one new buffer (the common data-loading case); others go
     * through {@link Torch#stack}.
     */
    public static Tensor stack(List<Tensor> ts) {
        Tensor first = ts.get(0);
        int[] shape = first.shape();
        boolean direct = true;
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (t == null) throw new IllegalArgumentException("default_collate: entry " + i + " of the batch is null");
            if (!Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got "
                        + Arrays.toString(shape) + " at entry 0 and " + Arrays.toString(t.shape()) + " at entry " + i);
            }
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("default_collate: expected all tensors to have dtype " + first.dtype()
                        + " but got " + t.dtype() + " at entry " + i);
            }
            direct &= t.device().equals(Device.CPU) && !t.requiresGrad();
        }
        if (!direct) return Torch.stack(ts, 0);
        int per = Layout.numel(shape);
        int[] outShape = new int[shape.length + 1];
        outShape[0] = ts.size();
        System.arraycopy(shape, 0, outShape, 1, shape.length);
        Tensor out = Tensor.zeros(first.dtype(), Device.CPU, outShape);
        Object dst = out.storage().data();
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (!t.isContiguous()) t = t.contiguous();
            System.arraycopy(t.storage().data(), t.layout().offset(), dst, i * per, per);
        }
        return out;
    }

    private static Tensor numbers(List<?> items) {
        Object first = items.get(0);
        int n = items.size();
        if (first instanceof Boolean) {
            boolean[] v = new boolean[n];
            for (int i = 0; i < n; i++) v[i] = (Boolean) items.get(i);
            return Creation.fromBooleans(v, n);
        }
        if (first instanceof Double || first instanceof Float) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = ((Number) items.get(i)).doubleValue();
            Tensor t = Creation.fromArray(v, n); // batches are built on the CPU, whatever the default device
            return first instanceof Float ? t.to(DType.FLOAT32) : t;
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = ((Number) items.get(i)).longValue();
        return Creation.fromArray(v, n);
    }

    private static Object record(List<?> items, Class<?> type) {
        RecordComponent[] comps = type.getRecordComponents();
        Object[] cols = new Object[comps.length];
        boolean rebuild = true;
        try {
            for (int k = 0; k < comps.length; k++) {
                List<Object> col = new ArrayList<>(items.size());
                for (Object it : items) col.add(comps[k].getAccessor().invoke(it));
                cols[k] = collate(col);
                Class<?> declared = comps[k].getType();
                rebuild &= declared == Object.class || declared == Tensor.class && cols[k] instanceof Tensor;
            }
            if (rebuild) {
                Class<?>[] types = new Class<?>[comps.length];
                for (int k = 0; k < comps.length; k++) types[k] = comps[k].getType();
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return ctor.newInstance(cols);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("default_collate: cannot collate records of " + type.getName() + ": " + e, e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < comps.length; k++) out.put(comps[k].getName(), cols[k]);
        return out;
    }

    private static <E> List<E> column(List<?> items, int k, int width, Class<E> type) {
        List<E> col = new ArrayList<>(items.size());
        for (Object it : items) {
            Object[] row = (Object[]) it;
            if (row.length != width) throw new IllegalArgumentException("each element in list of batch should be of equal size");
            col.add(type.cast(row[k]));
        }
        return col;
    }

    private static <E> List<E> cast(List<?> items, Class<E> type) {
        List<E> out = new ArrayList<>(items.size());
        for (Object it : items) {
            if (!type.isInstance(it)) {
                throw new IllegalArgumentException("default_collate: batch mixes " + type.getSimpleName() + " and "
                        + (it == null ? "null" : it.getClass().getSimpleName()));
            }
            out.add(type.cast(it));
        }
        return out;
    }
}
