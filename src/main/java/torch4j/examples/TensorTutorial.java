package torch4j.examples;

import static torch4j.Torch.*;

import java.util.List;
import torch4j.Tensor;
import torch4j.cuda.Cuda;

/**
 * The tensor and autograd snippets of the tutorials in {@code shared/seeds}, ported line by line.
 * Run: {@code mvn -q compile exec:exec -Ddemo.args=tensors}.
 */
public final class TensorTutorial {
    private TensorTutorial() {}

    public static void main(String[] args) {
        manualSeed(0);
        // x = torch.Tensor(4, 3); print(x)
        Tensor x = empty(4, 3);
        System.out.println(x);
        x = rand(4, 3);
        System.out.println(x);
        System.out.println(x.size());

        // Addition, four ways.
        Tensor y = rand(4, 3);
        System.out.println(x.add(y));
        System.out.println(add(x, y));
        Tensor result = empty(5, 3);
        add(x, y, result); // result is resized to [4, 3]
        System.out.println(result);
        y.add_(x);
        System.out.println(y);

        // NumPy-like indexing: x[:, 1]
        System.out.println(x.get(":, 1"));

        // Resizing with view; -1 is inferred.
        x = randn(4, 4);
        Tensor y16 = x.view(16);
        Tensor z = x.view(-1, 8);
        System.out.println(x.size() + " " + y16.size() + " " + z.size());

        // numel, eye, from_numpy, linspace, ones, zeros, cat, chunk
        System.out.println(numel(x));
        System.out.println(eye(3));
        float[] array = {1, 2, 3};
        Tensor shared = fromArray(array);
        array[0] = 10; // the tensor sees the change: they share memory
        System.out.println(shared);
        System.out.println(linspace(0, 1, 5));
        System.out.println(ones(2, 2));
        System.out.println(zeros(2, 2));
        System.out.println(cat(List.of(ones(1, 2), zeros(1, 2)), 0));
        System.out.println(chunk(arange(6), 3, 0));

        // CUDA tensors: .cuda() moves a tensor to the GPU; mixing devices in one op is an error.
        if (Cuda.isAvailable()) {
            Tensor xc = rand(4, 3).cuda(), yc = rand(4, 3).cuda();
            System.out.println(xc.add(yc));
        } else {
            System.out.println("CUDA is not available: " + Cuda.unavailableReason().orElse("?"));
        }

        // Autograd: y = x + 2, z = y * y * 3, out = z.mean(), out.backward()
        Tensor a = ones(2, 2).requiresGrad_();
        Tensor b = a.add(2);
        System.out.println(b.gradFn());
        Tensor c = b.mul(b).mul(3);
        Tensor out = c.mean();
        System.out.println(c + " " + out);
        out.backward();
        System.out.println(a.grad());
    }
}
