#!/usr/bin/env python3
"""Writes the stratified Fashion-MNIST subset bundled in src/main/resources/fashion-mnist/.

Usage: /usr/bin/python3 scripts/make_fmnist_subset.py [SRC_DIR] [DEST_DIR]
  SRC_DIR  the full dataset's four .gz IDX files (default /usr/share/datasets/fashion-mnist,
           from `apt-get install -y dataset-fashion-mnist`)
  DEST_DIR default src/main/resources/fashion-mnist

Takes 600 training and 100 test images of each of the 10 classes (6,000 + 1,000), chosen with a
fixed seed and kept in their original order, and writes them in the same IDX format, gzipped with
mtime 0 so that reruns give byte-identical files. Needs only the standard library.
"""
import gzip
import os
import random
import struct
import sys

PER_CLASS = {"train": 600, "t10k": 100}
SEED = 20240601


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + payload)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    dest = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "fashion-mnist")
    os.makedirs(dest, exist_ok=True)
    rng = random.Random(SEED)
    for split, per_class in PER_CLASS.items():
        img_dims, images = read_idx(os.path.join(src, f"{split}-images-idx3-ubyte.gz"))
        lab_dims, labels = read_idx(os.path.join(src, f"{split}-labels-idx1-ubyte.gz"))
        n, rows, cols = img_dims
        assert lab_dims == (n,), (img_dims, lab_dims)
        by_class = {c: [i for i in range(n) if labels[i] == c] for c in range(10)}
        chosen = sorted(i for c in range(10) for i in rng.sample(by_class[c], per_class))
        size = rows * cols
        out_images = b"".join(images[i * size:(i + 1) * size] for i in chosen)
        out_labels = bytes(labels[i] for i in chosen)
        write_idx(os.path.join(dest, f"{split}-images-idx3-ubyte.gz"), (len(chosen), rows, cols), out_images)
        write_idx(os.path.join(dest, f"{split}-labels-idx1-ubyte.gz"), (len(chosen),), out_labels)
        print(f"{split}: {len(chosen)} images ({per_class} per class) -> {dest}")


if __name__ == "__main__":
    main()
