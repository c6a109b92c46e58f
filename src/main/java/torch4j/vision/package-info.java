/**
 * Vision datasets, as {@code torchvision.datasets}: {@link torch4j.vision.MNIST} and
 * {@link torch4j.vision.FashionMNIST} read from IDX files (a Fashion-MNIST subset ships in the JAR).
 * Transforms are in {@link torch4j.vision.transforms}.
 */
package torch4j.vision;
