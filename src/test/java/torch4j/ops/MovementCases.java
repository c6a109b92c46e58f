package torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.testing.Assertions.assertClose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.Autograd;
import torch4j.testing.Fixtures;

/**
 * The Java side of {@code scripts/fixtures/gen_movement.py}: the same ops by name, and a runner
 * that checks outputs, first gradients and (where the fixture has them) double-backward
 * gradients against PyTorch, plus storage sharing for the ops that must be views.
 */
final class MovementCases {
    private MovementCases() {}

    private static final Map<String, Function<Tensor, List<Tensor>>> OPS = new HashMap<>();

    private static void one(String name, Function<Tensor, Tensor> op) {
        OPS.put(name, x -> List.of(op.apply(x)));
    }

    private static void many(String name, Function<Tensor, List<Tensor>> op) {
        OPS.put(name, op);
    }

    private static Tensor set(Tensor y, String index, Object value) {
        if (value instanceof Tensor t) y.set(index, t);
        else y.set(index, (Number) value);
        return y;
    }

    static {
        one("view_6_4", x -> x.view(6, 4));
        one("view_m1", x -> x.view(-1));
        one("view_2_3_2_2", x -> x.view(2, 3, 2, -1));
        one("view_1_2_1_12", x -> x.view(1, 2, 1, 12));
        one("reshape_6_4", x -> x.reshape(6, 4));
        one("reshape_m1_2", x -> x.reshape(-1, 2));
        one("flatten", Tensor::flatten);
        one("flatten_1_2", x -> x.flatten(1, 2));
        one("unflatten_2", x -> x.unflatten(2, 2, -1));
        one("transpose_0_2", x -> x.transpose(0, 2));
        one("mT", Tensor::mT);
        one("t", Tensor::t);
        one("t_1d", Tensor::t);
        one("T", Tensor::T);
        one("permute_2_0_1", x -> x.permute(2, 0, 1));
        one("narrow_1_1_2", x -> x.narrow(1, 1, 2));
        one("narrow_2_m2_2", x -> x.narrow(2, -2, 2));
        one("select_1_m1", x -> x.select(1, -1));
        one("select_2_1", x -> x.select(2, 1));
        one("slice_2_1_n_2", x -> x.slice(2, 1, null, 2));
        one("slice_1_m2_100", x -> x.slice(1, -2, 100, 1));
        one("slice_1_empty", x -> x.slice(1, 2, 1, 1));
        one("expand_2_3_4", x -> x.expand(2, 3, 4));
        one("expand_m1_5", x -> x.expand(-1, 5));
        one("squeeze", Tensor::squeeze);
        one("squeeze_1", x -> x.squeeze(1));
        one("squeeze_0", x -> x.squeeze(0));
        one("unsqueeze_0", x -> x.unsqueeze(0));
        one("unsqueeze_m1", x -> x.unsqueeze(-1));
        one("unsqueeze_2", x -> x.unsqueeze(2));
        many("chunk_3_1", x -> x.chunk(3, 1));
        many("chunk_3_2", x -> x.chunk(3, 2));
        many("split_2_1", x -> x.split(2, 1));
        many("split_sizes_1_3", x -> x.split(new int[] {1, 3}, 2));
        many("unbind_1", x -> x.unbind(1));
        one("flip_0_2", x -> x.flip(0, 2));
        one("flip_m1", x -> x.flip(-1));
        one("roll_1_0", x -> x.roll(1, 0));
        one("roll_multi", x -> x.roll(new int[] {1, -5}, new int[] {2, 1}));
        one("roll_flat", x -> x.roll(new int[] {3}, new int[0]));
        one("repeat_2_1_3", x -> x.repeat(2, 1, 3));
        one("repeat_lead", x -> x.repeat(2, 1, 2));
        one("cat_1", x -> Torch.cat(1, x.slice(1, null, 1, 1), x, x.slice(1, 1, null, 1)));
        one("cat_m1", x -> Torch.cat(-1, x, x.flip(0)));
        one("cat_promote", x -> Torch.cat(0, x, x.double_()));
        one("cat_legacy_empty", x -> Torch.cat(0, x, Torch.zeros(0), x));
        one("stack_0", x -> Torch.stack(0, x, x.flip(1)));
        one("stack_m1", x -> Torch.stack(-1, x, x.flip(1), x));
        one("set_num", x -> set(x.mul(1), "..., 1:3", 5.0));
        one("set_tensor", x -> set(x.mul(1), "0", x.get("1").mul(2)));
        one("set_broadcast", x -> set(x.mul(1), ":, 1", x.get("0, 0").unsqueeze(0).mul(3)));
        one("view_1", x -> x.view(1));
        one("reshape_m1", x -> x.reshape(-1));
        one("unsqueeze_0d", x -> x.unsqueeze(0));
        one("expand_3", x -> x.expand(3));
        one("flatten_0d", Tensor::flatten);
        one("squeeze_0d", Tensor::squeeze);
        one("repeat_2_3", x -> x.repeat(2, 3));
        one("flip_0d", x -> x.flip(0));
        one("T_0d", Tensor::T);
        one("stack_0d", x -> Torch.stack(0, x, x.mul(2)));
        one("reshape_empty", x -> x.reshape(-1, 3, 1));
        one("transpose_empty", x -> x.transpose(0, 1));
        one("cat_empty", x -> Torch.cat(0, x, x));
        many("split_empty", x -> x.split(2, 1));
        many("chunk_empty", x -> x.chunk(2, 0));
        one("select_empty", x -> x.select(1, 0));
        one("flip_empty", x -> x.flip(0));
        one("repeat_empty", x -> x.repeat(2, 2));
    }

    /** Ops whose outputs must share the input's storage whatever its layout. */
    private static boolean alwaysView(String op) {
        return op.matches("(view|unflatten|transpose|mT|t|T|permute|narrow|select|slice|expand|squeeze|unsqueeze|chunk|split|unbind|get).*");
    }

    private static List<Tensor> run(String op, Tensor x) {
        if (op.startsWith("get:")) return List.of(x.get(op.substring(4)));
        Function<Tensor, List<Tensor>> f = OPS.get(op);
        assertNotNull(f, "no Java op for fixture " + op);
        return f.apply(x);
    }

    private static Tensor prepare(String prep, Tensor x) {
        return switch (prep) {
            case "c" -> x;
            case "t" -> x.T();
            case "s" -> x.slice(-1, 1, null, 2);
            default -> throw new IllegalArgumentException(prep);
        };
    }

    /** One dynamic test per fixture case whose op name passes {@code filter}. */
    static Stream<DynamicTest> tests(Predicate<String> filter) {
        List<DynamicTest> out = new ArrayList<>();
        for (Fixtures.Case c : Fixtures.load("movement").cases().values()) {
            String op = c.name().split("/")[0];
            if (filter.test(op)) out.add(DynamicTest.dynamicTest(c.name(), () -> check(c)));
        }
        assertTrue(!out.isEmpty(), "no fixture cases matched");
        return out.stream();
    }

    static void check(Fixtures.Case c) {
        String[] name = c.name().split("/");
        String op = name[0];
        Tensor x = c.tensor("x");
        boolean grad = x.isFloatingPoint();
        if (grad) x.requiresGrad_();
        Tensor in = prepare(name[1], x);
        List<Tensor> outs = run(op, in);
        int n = 0;
        while (c.has("out" + n)) n++;
        assertEquals(n, outs.size(), "number of outputs");
        for (int i = 0; i < n; i++) {
            assertClose(c.tensor("out" + i), outs.get(i));
            if (alwaysView(op) || (name[1].equals("c") && op.matches("(reshape|flatten).*") && x.numel() > 0)) {
                assertSame(x.storage(), outs.get(i).storage(), "output " + i + " must be a view");
            }
        }
        if (!grad) return;
        boolean twice = c.has("v");
        Tensor[] ws = new Tensor[n];
        for (int i = 0; i < n; i++) {
            ws[i] = c.tensor("w" + i);
            if (twice) ws[i].requiresGrad_();
        }
        Tensor[] g = Autograd.grad(outs.toArray(new Tensor[0]), new Tensor[] {x}, ws, twice, twice, true);
        Tensor gx = g[0] == null ? Torch.zerosLike(x) : g[0];
        assertClose(c.tensor("grad"), gx);
        if (!twice) return;
        Tensor[] gws = Autograd.grad(new Tensor[] {gx}, ws, new Tensor[] {c.tensor("v")}, false, false, true);
        for (int i = 0; i < n; i++) {
            assertClose(c.tensor("gw" + i), gws[i] == null ? Torch.zerosLike(ws[i]) : gws[i]);
        }
    }
}
