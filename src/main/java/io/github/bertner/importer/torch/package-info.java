/**
 * PyTorch {@code torch.save} checkpoints ({@code pytorch_model.bin}) read in plain Java and
 * without executing anything.
 *
 * <ul>
 *   <li>{@link io.github.bertner.importer.torch.TorchCheckpoint}: the zip format (torch 1.6+) and
 *       the legacy concatenated-pickle format (torch 0.4-1.5); tensors read as float32 or long,
 *       or exposed in place as a {@link io.github.bertner.model.SafetensorsReader}, which is how
 *       {@link io.github.bertner.model.HfCheckpoint} loads folders that hold only pickle weights.</li>
 *   <li>A restricted unpickler (package-private): the binary opcodes of protocols 2-5 that data
 *       needs, and an allow-list of the globals torch writes for tensors
 *       ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} and relatives,
 *       the {@code torch.*Storage} classes). Any other global, such as {@code posix.system} or
 *       {@code builtins.eval}, is refused by name when it is read, before anything could call it;
 *       opcodes that instantiate classes are refused too.</li>
 * </ul>
 */
package io.github.bertner.importer.torch;
