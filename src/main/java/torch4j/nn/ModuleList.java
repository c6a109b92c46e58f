package torch4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code nn.ModuleList}: a list of modules whose parameters the parent sees (names "0", "1", ...).
 * It has no forward of its own.
 *
 * <pre>{@code ModuleList layers = registerModule("layers", new ModuleList()); layers.append(new Linear(4, 4)); }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> items = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList(Iterable<? extends Module> modules) {
        for (Module m : modules) append(m);
    }

    public ModuleList append(Module m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public ModuleList extend(Iterable<? extends Module> modules) {
        for (Module m : modules) append(m);
        return this;
    }

    /** The {@code i}-th module (negative counts from the end). */
    public Module get(int i) {
        int n = items.size();
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("index " + i + " is out of range");
        return items.get(i < 0 ? i + n : i);
    }

    public int size() {
        return items.size();
    }

    @Override
    public Iterator<Module> iterator() {
        return java.util.Collections.unmodifiableList(items).iterator();
    }
}
