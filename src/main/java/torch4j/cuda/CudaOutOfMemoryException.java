package torch4j.cuda;

/**
 * A CUDA allocation failed even after the cache was emptied and unreachable tensors were
 * collected: PyTorch's {@code torch.cuda.OutOfMemoryError}, with its message.
 *
 * <pre>{@code
 * try { Torch.zeros(DType.FLOAT32, Device.CUDA, 1 << 30, 64); }
 * catch (CudaOutOfMemoryException e) { Cuda.emptyCache(); }
 * }</pre>
 */
public final class CudaOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaOutOfMemoryException(String message) {
        super(message);
    }
}
