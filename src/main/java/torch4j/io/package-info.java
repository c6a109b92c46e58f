/**
 * Saving and loading tensors in formats other tools read: {@link torch4j.io.SafeTensors}.
 *
 * <pre>{@code SafeTensors.save(model.stateDict(), Path.of("model.safetensors")); }</pre>
 */
package torch4j.io;
