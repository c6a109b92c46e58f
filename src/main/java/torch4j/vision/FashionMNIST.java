package torch4j.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import torch4j.vision.transforms.Transform;

/**
 * Zalando Research's Fashion-MNIST ({@code torchvision.datasets.FashionMNIST}): 28x28 grey-scale
 * images of 10 kinds of clothing, 60,000 for training and 10,000 for testing, in the same IDX files
 * as {@link MNIST}. {@code apt-get install -y dataset-fashion-mnist} puts them in {@link
 * #SYSTEM_DIR}; they are also at https://github.com/zalandoresearch/fashion-mnist. A stratified
 * subset (6,000 + 1,000 images) ships inside torch4j: {@link #bundled}.
 *
 * <pre>{@code
 * FashionMNIST train = new FashionMNIST(Path.of("/usr/share/datasets/fashion-mnist"), true, new ToTensor());
 * FashionMNIST small = FashionMNIST.bundled(false, new ToTensor());
 * }</pre>
 */
public final class FashionMNIST extends MNIST {
    /** The class names, indexed by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where the Debian package {@code dataset-fashion-mnist} installs the full dataset. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String ORIGIN = "them with `apt-get install -y dataset-fashion-mnist` (installs " + SYSTEM_DIR
            + ") or from the Zalando release, https://github.com/zalandoresearch/fashion-mnist (data/fashion/*.gz)";

    private final boolean bundled;

    /** Reads the training ({@code train}) or test split from {@code root}; {@code transform} may be null. */
    public FashionMNIST(Path root, boolean train, Transform transform) {
        super(Source.directory(root, "FashionMNIST", ORIGIN), train, transform, CLASSES);
        this.bundled = false;
    }

    private FashionMNIST(boolean train, Transform transform) {
        super(Source.resources("fashion-mnist", "Fashion-MNIST"), train, transform, CLASSES);
        this.bundled = true;
    }

    /** The subset bundled in torch4j's JAR: 6,000 training or 1,000 test images, balanced over the classes. */
    public static FashionMNIST bundled(boolean train, Transform transform) {
        return new FashionMNIST(train, transform);
    }

    /** True when the full dataset is installed in {@link #SYSTEM_DIR}. */
    public static boolean systemCopyExists() {
        return Files.isRegularFile(SYSTEM_DIR.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(SYSTEM_DIR.resolve("train-images-idx3-ubyte"));
    }

    /** Whether this instance reads the bundled subset. */
    public boolean isBundled() {
        return bundled;
    }
}
