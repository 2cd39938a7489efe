using SharpPrune.IO;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// Where a <see cref="WeightResidency.Stored"/> or <see cref="WeightResidency.Streamed"/> model keeps its decoder layers'
/// weights while they are not running: tensors in the checkpoint's dtype and layout (names, orientation) held in memory,
/// or the open checkpoint itself. The layer's float32 parameters are empty between uses.
///
/// Why a store beside the module rather than half-precision parameters: every family's forward, the walker's capture and
/// every method compute in float32 on float32 parameters, and keep doing so unchanged; only <see cref="CausalLM.UseLayer"/>
/// (upcast one layer in) and <see cref="CausalLM.StoreLayer"/> (round it back out, zeros staying exact zeros) know the
/// weights live elsewhere, and both modes differ only in where the stored bytes come from.
/// </summary>
internal sealed class LayerStore : IDisposable
{
    readonly Dictionary<string, Tensor>? held;
    readonly CheckpointReader? reader;

    LayerStore(Dictionary<string, Tensor>? held, CheckpointReader? reader) => (this.held, this.reader) = (held, reader);

    public static LayerStore InMemory(Dictionary<string, Tensor> tensors) => new(tensors, null);

    /// <summary>Reads from <paramref name="reader"/>, which the store owns from now on.</summary>
    public static LayerStore Streamed(CheckpointReader reader) => new(null, reader);

    public bool IsStreamed => reader is not null;

    /// <summary>
    /// Where a streamed model's updated layers go (<see cref="CausalLM.StoreLayer"/>): the output being written. Without it a
    /// streamed model cannot be changed, since the change would be lost when the layer is dropped.
    /// </summary>
    public Action<string, Tensor>? Sink { get; set; }

    /// <summary>True for a decoder-layer tensor this store holds in memory.</summary>
    public bool Holds(string diskName) => held?.ContainsKey(diskName) == true;

    /// <summary>The stored tensor (checkpoint dtype and orientation); the caller disposes it.</summary>
    public Tensor Read(string diskName) => held is not null ? held[diskName].alias() : reader!.Read(diskName);

    /// <summary>The stored tensor's shape (checkpoint orientation).</summary>
    public long[] Shape(string diskName) => held is not null ? held[diskName].shape : reader!.Info(diskName).Shape;

    /// <summary>Keeps <paramref name="value"/> (taking ownership) as the layer's new stored tensor, or hands it to <see cref="Sink"/>.</summary>
    public void Write(string diskName, Tensor value)
    {
        if (held is not null)
        {
            held[diskName].Dispose();
            held[diskName] = value;
            return;
        }
        var sink = Sink ?? throw new InvalidOperationException("a streamed model's layers can only be changed while its output is written (LayerStore.Sink)");
        using (value) sink(diskName, value);
    }

    public void Dispose()
    {
        if (held is not null) foreach (var t in held.Values) t.Dispose();
        reader?.Dispose();
    }
}
