package torch4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import torch4j.Tensor;

/**
 * {@code nn.Sequential}: applies its modules in order. Children are named "0", "1", ... or, with
 * the map constructor, by the map's keys.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
 * Tensor y = net.forward(x);
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {
    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) registerModule(Integer.toString(i), modules[i]);
    }

    /** Children named by the map's keys, in its iteration order (pass a LinkedHashMap). */
    public Sequential(Map<String, ? extends Module> modules) {
        for (Map.Entry<String, ? extends Module> e : modules.entrySet()) registerModule(e.getKey(), e.getValue());
    }

    /** Appends a module named by its position. */
    public Sequential append(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    /** The {@code i}-th module (negative counts from the end). */
    public Module get(int i) {
        List<Module> l = list();
        int n = l.size();
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("index " + i + " is out of range");
        return l.get(i < 0 ? i + n : i);
    }

    public int size() {
        return namedChildren().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return list().iterator();
    }

    private List<Module> list() {
        return new ArrayList<>(namedChildren().values());
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : list()) x = m.forward(x);
        return x;
    }
}
