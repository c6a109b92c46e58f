/**
 * Image transforms, as {@code torchvision.transforms}: {@link torch4j.vision.transforms.ToTensor},
 * {@link torch4j.vision.transforms.Normalize}, {@link torch4j.vision.transforms.Pad},
 * {@link torch4j.vision.transforms.RandomCrop}, {@link torch4j.vision.transforms.RandomHorizontalFlip},
 * {@link torch4j.vision.transforms.Lambda}, chained with {@link torch4j.vision.transforms.Compose}.
 */
package torch4j.vision.transforms;
