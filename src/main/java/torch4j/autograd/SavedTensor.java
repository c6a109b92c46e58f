package torch4j.autograd;

import torch4j.Tensor;

/**
 * A tensor a node keeps for its backward, with the storage version it had when saved, so that an
 * in-place write in between is caught instead of silently giving a wrong gradient.
 */
final class SavedTensor {
    private final Tensor tensor;
    private final int version;

    SavedTensor(Tensor tensor) {
        this.tensor = tensor;
        this.version = tensor == null ? 0 : tensor.storage().version();
    }

    Tensor unpack(Node owner, int index) {
        if (tensor != null && tensor.storage().version() != version) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an"
                    + " inplace operation: [" + tensor.typeName() + " " + tensor.shapeString() + "], which is saved tensor "
                    + index + " of " + owner.name() + ", is at version " + tensor.storage().version() + "; expected version "
                    + version + " instead. Hint: the backtrace further above can show the operation that failed to compute"
                    + " its gradient.");
        }
        return tensor;
    }
}
