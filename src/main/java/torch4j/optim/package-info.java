/**
 * Optimizers, PyTorch's {@code torch.optim}: {@link torch4j.optim.SGD}, {@link torch4j.optim.Adam},
 * {@link torch4j.optim.AdamW}, {@link torch4j.optim.RMSprop}, {@link torch4j.optim.Adagrad},
 * {@link torch4j.optim.Adadelta} and {@link torch4j.optim.LBFGS} over the shared {@link
 * torch4j.optim.Optimizer} base (parameter groups, per-parameter state, state dicts). Each follows
 * PyTorch 1.13's update rules operation for operation, so float64 trajectories match PyTorch's to
 * rounding. Learning-rate schedulers are in {@link torch4j.optim.scheduler}.
 *
 * <pre>{@code
 * var opt = new Adam(net.parameters(), 1e-3);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 */
package torch4j.optim;
