package torch4j.optim.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.optim.Adagrad;
import torch4j.optim.Adam;
import torch4j.optim.Optimizer;
import torch4j.optim.ParamGroup;
import torch4j.optim.SGD;
import torch4j.testing.Fixtures;

/** Each scheduler's learning rates (and cycled momentum) over 30 steps, against PyTorch's. */
class SchedulerTest {
    static final Fixtures FIXTURES = Fixtures.load("optim");

    static Stream<String> cases() {
        return FIXTURES.cases().keySet().stream().filter(n -> n.startsWith("sched_")).map(n -> n.substring(6));
    }

    /** One group per rate, each holding one parameter. */
    static List<ParamGroup> groups(double... lrs) {
        List<ParamGroup> out = new ArrayList<>();
        for (double lr : lrs) out.add(ParamGroup.of(Torch.zeros(1).requiresGrad_()).set("lr", lr));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        Fixtures.Case c = FIXTURES.get("sched_" + name);
        Tensor expectedLr = c.tensor("lr");
        int steps = expectedLr.size(0) - 1, nGroups = expectedLr.size(1);
        double[] metrics = c.has("metrics") ? c.tensor("metrics").toDoubleArray() : null;
        Optimizer opt;
        Runnable step;
        switch (name) {
            case "steplr" -> {
                opt = sgd(0, 0.1, 0.02);
                step = new StepLR(opt, 7, 0.5)::step;
            }
            case "multisteplr" -> {
                opt = sgd(0, 0.1);
                step = new MultiStepLR(opt, new int[] {3, 8, 8, 20}, 0.3)::step;
            }
            case "exponentiallr" -> {
                opt = sgd(0, 0.1, 1.0);
                step = new ExponentialLR(opt, 0.9)::step;
            }
            case "cosine" -> {
                opt = sgd(0, 0.1);
                step = new CosineAnnealingLR(opt, 10, 0.001)::step;
            }
            case "cosine_tmax7" -> {
                opt = sgd(0, 0.1, 0.3);
                step = new CosineAnnealingLR(opt, 7)::step;
            }
            case "linearlr" -> {
                opt = sgd(0, 0.1);
                step = new LinearLR(opt, 0.25, 1.0, 8)::step;
            }
            case "linearlr_decay" -> {
                opt = sgd(0, 0.1);
                step = new LinearLR(opt, 1.0, 0.1, 12)::step;
            }
            case "lambdalr" -> {
                opt = sgd(0, 0.1, 0.5);
                step = new LambdaLR(opt, List.<IntToDoubleFunction>of(e -> Math.pow(0.95, e), e -> 1.0 / (e + 1)))::step;
            }
            case "onecycle_cos" -> {
                opt = sgd(0.9, 0.1);
                step = new OneCycleLR(opt, 1.0, 30)::step;
            }
            case "onecycle_linear_three_phase" -> {
                opt = new Adam(groups(0.1, 0.1), Adam.options());
                step = new OneCycleLR(opt, new double[] {0.5, 2.0}, 30, OneCycleLR.options().pctStart(0.25)
                        .annealStrategy("linear").threePhase(true).divFactor(10).finalDivFactor(100)
                        .baseMomentum(0.8).maxMomentum(0.9))::step;
            }
            case "onecycle_epochs_no_momentum" -> {
                opt = sgd(0, 0.1);
                step = new OneCycleLR(opt, 0.3, 3, 10, OneCycleLR.options().cycleMomentum(false).pctStart(0.4))::step;
            }
            case "plateau_min_rel" -> {
                opt = sgd(0, 0.1, 0.05);
                var s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(0.5).patience(2).threshold(0.01)
                        .cooldown(1).minLr(0.01));
                step = stepper(s::step, metrics);
            }
            case "plateau_max_abs" -> {
                opt = sgd(0, 0.1, 0.05);
                var s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().mode("max").factor(0.3).patience(1)
                        .threshold(0.02).thresholdMode("abs").minLr(0.001, 0.02));
                step = stepper(s::step, metrics);
            }
            default -> throw new IllegalArgumentException("no Java setup for fixture case sched_" + name);
        }
        double[] lr = expectedLr.toDoubleArray(), momentum = c.tensor("momentum").toDoubleArray();
        for (int i = 0; i <= steps; i++) {
            if (i > 0) {
                opt.step();
                step.run();
            }
            for (int g = 0; g < nGroups; g++) {
                ParamGroup group = opt.paramGroups().get(g);
                check(lr[i * nGroups + g], group.lr(), name + " lr of group " + g + " at step " + i);
                double m = group.has("betas") ? group.getDoubles("betas")[0] : group.getDouble("momentum");
                check(momentum[i * nGroups + g], m, name + " momentum of group " + g + " at step " + i);
            }
        }
    }

    private static SGD sgd(double momentum, double... lrs) {
        return new SGD(groups(lrs), SGD.options().momentum(momentum));
    }

    private static Runnable stepper(Consumer<Double> step, double[] metrics) {
        int[] i = {0};
        return () -> step.accept(metrics[i[0]++]);
    }

    private static void check(double expected, double actual, String what) {
        if (!(Math.abs(expected - actual) <= 1e-13 + 1e-12 * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but got " + actual);
        }
    }

    @Test
    void getLastLrAndLastEpochFollowSteps() {
        SGD opt = sgd(0, 1.0, 0.5);
        StepLR s = new StepLR(opt, 2, 0.1);
        assertEquals(0, s.lastEpoch());
        assertEquals(List.of(1.0, 0.5), s.getLastLr());
        s.step();
        s.step();
        assertEquals(2, s.lastEpoch());
        assertEquals(0.1, s.getLastLr().get(0), 1e-15);
        assertEquals(1.0, opt.paramGroups().get(0).getDouble("initialLr"));

        // Resuming: a new scheduler over the same optimizer restores epoch and rates from the state dict.
        var saved = s.stateDict();
        StepLR resumed = new StepLR(sgd(0, 1.0, 0.5), 2, 0.1);
        resumed.loadStateDict(saved);
        assertEquals(2, resumed.lastEpoch());
        assertEquals(s.getLastLr(), resumed.getLastLr());
    }

    @Test
    void invalidArgumentsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(0, 0.1), 1.5, 1.0, 5));
        assertEquals("Starting multiplicative factor expected to be between 0 and 1.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(new Adagrad(groups(0.1), Adagrad.options()), 1.0, 10));
        assertEquals("optimizer must support momentum with `cycle_momentum` option enabled", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(0, 0.1),
                ReduceLROnPlateau.options().factor(1.0)));
        assertEquals("Factor should be < 1.0.", e.getMessage());
        OneCycleLR s = new OneCycleLR(sgd(0.9, 0.1), 1.0, 2);
        s.step();
        s.step();
        var ise = assertThrows(IllegalStateException.class, s::step);
        assertEquals("Tried to step 4 times. The specified number of total steps is 2", ise.getMessage());
    }
}
