using SharpPrune.IO;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// How a checkpoint stored its tensors, kept so a model is saved back in the same layout: each
/// tensor's dtype, which shard held it, the name prefix a legacy GPT-2 file omits, and tensors the
/// forward pass does not use (e.g. rotary inv_freq buffers), written back unchanged.
/// </summary>
internal sealed record CheckpointLayout(
    IReadOnlyDictionary<string, SafetensorsDType> DTypes,
    IReadOnlyDictionary<string, string>? ShardOf,
    IReadOnlyDictionary<string, Tensor> Extras,
    string OmittedPrefix)
{
    /// <summary>A model that was never loaded: float32, one file, HF names.</summary>
    public static readonly CheckpointLayout Fresh = new(new Dictionary<string, SafetensorsDType>(), null, new Dictionary<string, Tensor>(), "");

    public string DiskName(string parameterName) =>
        OmittedPrefix.Length > 0 && parameterName.StartsWith(OmittedPrefix, StringComparison.Ordinal)
            ? parameterName[OmittedPrefix.Length..]
            : parameterName;

    public SafetensorsDType DTypeOf(string diskName) => DTypes.GetValueOrDefault(diskName, SafetensorsDType.F32);
}
