package torch4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code nn.ModuleDict}: modules by name, in insertion order, registered as children.
 *
 * <pre>{@code ModuleDict heads = new ModuleDict(); heads.put("cls", new Linear(8, 3)); }</pre>
 */
public class ModuleDict extends Module {
    private final LinkedHashMap<String, Module> items = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) {
        modules.forEach(this::put);
    }

    /** Adds {@code m} under {@code key}; an existing key is an error (registration names are unique). */
    public ModuleDict put(String key, Module m) {
        registerModule(key, m);
        items.put(key, m);
        return this;
    }

    public Module get(String key) {
        Module m = items.get(key);
        if (m == null) throw new IllegalArgumentException("no module named '" + key + "' in ModuleDict (keys: " + items.keySet() + ")");
        return m;
    }

    public boolean containsKey(String key) {
        return items.containsKey(key);
    }

    public Set<String> keySet() {
        return java.util.Collections.unmodifiableSet(items.keySet());
    }

    public int size() {
        return items.size();
    }
}
