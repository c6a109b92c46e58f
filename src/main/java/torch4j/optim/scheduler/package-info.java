/**
 * Learning-rate schedulers, PyTorch's {@code torch.optim.lr_scheduler}: {@link
 * torch4j.optim.scheduler.StepLR}, {@link torch4j.optim.scheduler.MultiStepLR}, {@link
 * torch4j.optim.scheduler.ExponentialLR}, {@link torch4j.optim.scheduler.CosineAnnealingLR},
 * {@link torch4j.optim.scheduler.LinearLR}, {@link torch4j.optim.scheduler.LambdaLR} and {@link
 * torch4j.optim.scheduler.OneCycleLR} (all {@link torch4j.optim.scheduler.LRScheduler}s), and the
 * metric-driven {@link torch4j.optim.scheduler.ReduceLROnPlateau}. They read and write each
 * parameter group's {@code "lr"} (and momentum or {@code betas} for OneCycleLR).
 */
package torch4j.optim.scheduler;
