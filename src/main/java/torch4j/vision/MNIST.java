package torch4j.vision;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import torch4j.Layout;
import torch4j.Storage;
import torch4j.Tensor;
import torch4j.data.Dataset;
import torch4j.vision.transforms.Transform;

/**
 * The MNIST handwritten digits ({@code torchvision.datasets.MNIST}) read from the four standard IDX
 * files ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-...}), gzipped
 * ({@code .gz}) or not, in {@code root} or {@code root/MNIST/raw}. Nothing is downloaded.
 *
 * <p>Item {@code i} is {@code Tensor[] {image, label}}: the image is a uint8 {@code [H, W]} tensor
 * (a copy) passed through the transform ({@code ToTensor} makes it float {@code [1, H, W]} in [0, 1]),
 * the label a 0-d int64 tensor. The files are read into memory once; broken files (bad magic, wrong
 * number of dimensions, truncated data, image and label counts that differ, labels out of range)
 * are rejected with an exception that names the file, never loaded as a wrong dataset.
 *
 * <pre>{@code MNIST train = new MNIST(Path.of("data"), true, new ToTensor()); Tensor[] item = train.get(0); }</pre>
 */
public class MNIST implements Dataset<Tensor[]> {
    /** The digit classes. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    private final byte[] images;
    private final int imageOffset;
    private final byte[] labels;
    private final int labelOffset;
    private final int n, rows, cols;
    private final Transform transform;
    private final List<String> classes;

    /** Reads the training ({@code train}) or test split from {@code root}; {@code transform} may be null. */
    public MNIST(Path root, boolean train, Transform transform) {
        this(Source.directory(root, "MNIST", "the MNIST files from http://yann.lecun.com/exdb/mnist/"), train, transform, CLASSES);
    }

    /** For subclasses with other classes and places to look (see {@link FashionMNIST}). */
    protected MNIST(Source source, boolean train, Transform transform, List<String> classes) {
        String prefix = train ? "train" : "t10k";
        String imageName = prefix + "-images-idx3-ubyte", labelName = prefix + "-labels-idx1-ubyte";
        source.requireAll(List.of(imageName, labelName));
        Idx img = Idx.parse(source.read(imageName), source.describe(imageName), 3);
        Idx lab = Idx.parse(source.read(labelName), source.describe(labelName), 1);
        if (img.dims()[0] != lab.dims()[0]) {
            throw new IllegalArgumentException("Image and label counts differ: " + source.describe(imageName) + " has " + img.dims()[0]
                    + " images but " + source.describe(labelName) + " has " + lab.dims()[0] + " labels");
        }
        this.n = img.dims()[0];
        this.rows = img.dims()[1];
        this.cols = img.dims()[2];
        this.images = img.data();
        this.imageOffset = img.dataOffset();
        this.labels = lab.data();
        this.labelOffset = lab.dataOffset();
        for (int i = 0; i < n; i++) {
            int y = labels[labelOffset + i] & 0xFF;
            if (y >= classes.size()) {
                throw new IllegalArgumentException(source.describe(labelName) + ": label " + y + " at index " + i
                        + " is not one of the " + classes.size() + " classes");
            }
        }
        this.transform = transform;
        this.classes = classes;
    }

    /** {@code Tensor[] {transform(image), label}}. */
    @Override
    public Tensor[] get(int index) {
        if (index < 0 || index >= n) throw new IndexOutOfBoundsException("index " + index + " is out of range for a dataset of size " + n);
        Tensor image = image(index);
        if (transform != null) image = transform.apply(image);
        Tensor label = new Tensor(Storage.wrap(new long[] {label(index)}), Layout.contiguous());
        return new Tensor[] {image, label};
    }

    /** The raw uint8 {@code [H, W]} image at {@code index} (a fresh copy, no transform). */
    public Tensor image(int index) {
        int size = rows * cols;
        byte[] px = new byte[size];
        System.arraycopy(images, imageOffset + index * size, px, 0, size);
        return new Tensor(Storage.wrap(px), Layout.contiguous(rows, cols));
    }

    /** The class index of item {@code index}. */
    public int label(int index) {
        return labels[labelOffset + index] & 0xFF;
    }

    @Override
    public int size() {
        return n;
    }

    /** All images as one uint8 {@code [N, H, W]} tensor ({@code .data}, a copy). */
    public Tensor data() {
        byte[] px = new byte[n * rows * cols];
        System.arraycopy(images, imageOffset, px, 0, px.length);
        return new Tensor(Storage.wrap(px), Layout.contiguous(n, rows, cols));
    }

    /** All labels as an int64 {@code [N]} tensor ({@code .targets}). */
    public Tensor targets() {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = labels[labelOffset + i] & 0xFF;
        return new Tensor(Storage.wrap(y), Layout.contiguous(n));
    }

    /** The class names, indexed by label ({@code .classes}). */
    public List<String> classes() {
        return classes;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(size=" + n + ", image=" + rows + "x" + cols + ", transform=" + transform + ")";
    }

    /** Where the IDX files are read from: a directory or a class-path resource folder. */
    protected abstract static class Source {
        /** {@code name} or {@code name.gz} found in one of {@code dirs}. */
        static Source directory(Path root, String datasetName, String origin) {
            List<Path> dirs = List.of(root, root.resolve(datasetName).resolve("raw"));
            return new Source() {
                private Path find(String name) {
                    for (Path d : dirs) {
                        for (String f : new String[] {name + ".gz", name}) {
                            if (Files.isRegularFile(d.resolve(f))) return d.resolve(f);
                        }
                    }
                    return null;
                }

                @Override
                boolean exists(String name) {
                    return find(name) != null;
                }

                @Override
                byte[] read(String name) {
                    Path p = find(name);
                    try (InputStream in = Files.newInputStream(p)) {
                        return Idx.readAll(in, p.toString().endsWith(".gz"), p.toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                }

                @Override
                String describe(String name) {
                    Path p = find(name);
                    return p != null ? p.toString() : name;
                }

                @Override
                String missing(List<String> names) {
                    return datasetName + " files not found: " + String.join(", ", names) + " (each as NAME or NAME.gz) in "
                            + dirs.get(0).toAbsolutePath() + " or " + dirs.get(1).toAbsolutePath() + ". Get " + origin + ".";
                }
            };
        }

        /** {@code folder/name.gz} (or without .gz) on the class path. */
        static Source resources(String folder, String datasetName) {
            ClassLoader cl = MNIST.class.getClassLoader();
            return new Source() {
                private String find(String name) {
                    for (String f : new String[] {name + ".gz", name}) {
                        if (cl.getResource(folder + "/" + f) != null) return folder + "/" + f;
                    }
                    return null;
                }

                @Override
                boolean exists(String name) {
                    return find(name) != null;
                }

                @Override
                byte[] read(String name) {
                    String r = find(name);
                    try (InputStream in = cl.getResourceAsStream(r)) {
                        return Idx.readAll(in, r.endsWith(".gz"), "classpath:" + r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                }

                @Override
                String describe(String name) {
                    String r = find(name);
                    return "classpath:" + (r != null ? r : folder + "/" + name);
                }

                @Override
                String missing(List<String> names) {
                    return "bundled " + datasetName + " files not found on the class path: " + String.join(", ", names)
                            + " (each as NAME or NAME.gz) in resource folder " + folder + "/";
                }
            };
        }

        abstract boolean exists(String name);

        abstract byte[] read(String name);

        abstract String describe(String name);

        abstract String missing(List<String> names);

        void requireAll(List<String> names) {
            List<String> absent = new ArrayList<>();
            for (String name : names) if (!exists(name)) absent.add(name);
            if (!absent.isEmpty()) {
                String msg = missing(absent);
                throw new UncheckedIOException(msg, new FileNotFoundException(msg));
            }
        }
    }
}
