using SharpPrune.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Models;

/// <summary>
/// A decoder-only language model of any supported family: token ids in, next-token logits out.
/// Module fields carry the Hugging Face tensor names, so the state dict is the checkpoint's.
/// The stack is exposed as Embed → Layers → Head so pruning can run it one layer at a time.
/// </summary>
public abstract class CausalLM : nn.Module<Tensor, Tensor>
{
    RotaryEmbedding? rotary;

    static CausalLM() => NativeAllocator.Configure();

    protected CausalLM(string name, ModelConfig config) : base(name) => Config = config;

    /// <summary>Replaced (with its <see cref="ModelConfig.Raw"/>) when structured pruning changes the shapes.</summary>
    public ModelConfig Config { get; internal set; }

    /// <summary>Where the model was loaded from, if anywhere; Save copies its non-weight files.</summary>
    public string? SourceDirectory { get; internal set; }

    /// <summary>How the checkpoint stored each tensor (dtype, shard, extra buffers), to save it back alike.</summary>
    internal CheckpointLayout Layout { get; set; } = CheckpointLayout.Fresh;

    /// <summary>Where the decoder layers' weights live between uses; null when they are float32 parameters (<see cref="WeightResidency.Float32"/>).</summary>
    internal LayerStore? Store { get; set; }

    /// <summary>How the decoder layers' weights are held (see <see cref="Load(string, Device?, WeightResidency)"/>).</summary>
    public WeightResidency Residency => Store is null ? WeightResidency.Float32 : Store.IsStreamed ? WeightResidency.Streamed : WeightResidency.Stored;

    public abstract IReadOnlyList<DecoderLayer> Layers { get; }

    /// <summary>The state-dict prefix of layer <paramref name="index"/>, e.g. "model.layers.3.".</summary>
    public abstract string LayerPrefix(int index);

    /// <summary>Every decoder-layer linear with its names, in layer order.</summary>
    public IReadOnlyList<NamedLinear> NamedLinears() => Enumerable.Range(0, Layers.Count).SelectMany(NamedLinears).ToList();

    /// <summary>Layer <paramref name="index"/>'s linears with their names.</summary>
    public IEnumerable<NamedLinear> NamedLinears(int index) =>
        Layers[index].Linears.Select(l => new NamedLinear(index, LayerPrefix(index) + l.Name, l.Linear));

    /// <summary>Token (and, for GPT-2, position) embeddings: ids [batch, time] → hidden [batch, time, hidden].</summary>
    public abstract Tensor Embed(Tensor ids, ForwardContext ctx);

    /// <summary>Final norm and LM head: hidden → logits [batch, time, vocab].</summary>
    public abstract Tensor Head(Tensor hidden);

    /// <summary>True for parameters whose checkpoint layout is the transpose of ours (GPT-2's Conv1D).</summary>
    public virtual bool StoredTransposed(string parameterName) => false;

    public Device Device => parameters().First().device;

    /// <summary>The context for a forward over <paramref name="time"/> new tokens after the cache's.</summary>
    public ForwardContext Context(long time, KvCache? cache = null)
    {
        long offset = cache?.Length ?? 0;
        if (Config.Architecture.LearnedPositions && offset + time > Config.MaxPositions)
            throw new SharpPruneException($"sequence of {offset + time} tokens exceeds the model's {Config.MaxPositions} learned positions");
        Tensor? cos = null, sin = null;
        if (Config.RotaryDim > 0)
        {
            var device = Device;
            if (rotary is null || rotary.Device.type != device.type || rotary.Device.index != device.index)
                rotary = new RotaryEmbedding(Config, device);
            (cos, sin) = rotary.Tables(offset, time);
        }
        return new ForwardContext
        {
            PositionOffset = offset,
            Cos = cos,
            Sin = sin,
            Mask = CausalSelfAttention.MaskFor(offset, time, Config.SlidingWindow, Device),
            Cache = cache,
        };
    }

    /// <summary>
    /// Gives layer <paramref name="index"/> its float32 weights until the handle is disposed: upcast from the stored dtype
    /// (or read from disk, for a streamed model) and emptied again after. A no-op for a <see cref="WeightResidency.Float32"/>
    /// model. Every forward goes through it; code that runs a layer itself (the pruning walker, layer-major evaluation) calls it.
    /// </summary>
    public IDisposable UseLayer(int index) => Store is { } store ? Use(LayerParameters(index).ToList(), store) : NoWeightUse.Instance;

    /// <summary>
    /// Gives the embeddings, final norm and head their float32 weights until the handle is disposed: a streamed model reads them
    /// from disk when a pass starts (embeddings) and ends (head) rather than holding them for the whole run (1 GB of float32 for
    /// a 7B model). A no-op for any other model, which holds them in float32.
    /// </summary>
    public IDisposable UseOuter() =>
        Store is { IsStreamed: true } store ? Use(named_parameters().Select(p => (p.name, Layout.DiskName(p.name), p.parameter)).Where(p => !IsLayerParameter(p.name)).ToList(), store)
            : NoWeightUse.Instance;

    /// <summary>Materializes the <paramref name="parameters"/> not in use already (so uses nest), and releases just those after.</summary>
    IDisposable Use(List<(string Name, string Disk, Parameter Parameter)> parameters, LayerStore store)
    {
        parameters = parameters.Where(p => p.Parameter.numel() == 0).ToList();
        var device = Device;
        using var _ = no_grad();
        try
        {
            foreach (var (name, disk, parameter) in parameters)
            {
                using var scope = NewDisposeScope();
                var stored = store.Read(disk);
                var oriented = StoredTransposed(name) ? stored.t() : stored;
                var weight = oriented.to(ScalarType.Float32, device, copy: true).contiguous();
                // A streamed tensor is read for the first time here, so this is its load-time check.
                if (store.IsStreamed) FiniteCheck.Require(weight, $"{SourceDirectory}: tensor '{disk}'");
                parameter.set_(weight);
            }
        }
        catch
        {
            Release(parameters);
            throw;
        }
        return new WeightUse(parameters);
    }

    /// <summary>True for a parameter of a decoder layer (by its full name).</summary>
    internal bool IsLayerParameter(string name) => (layerParameterNames ??= Enumerable.Range(0, Layers.Count)
        .SelectMany(i => Layers[i].named_parameters().Select(p => LayerPrefix(i) + p.name)).ToHashSet(StringComparer.Ordinal)).Contains(name);

    HashSet<string>? layerParameterNames;

    /// <summary>
    /// Keeps layer <paramref name="index"/>'s current float32 weights (it must be in use) as its stored weights, in the stored
    /// dtype: for a stored model in place of the old ones, for a streamed model handed to the output being written. A no-op
    /// for a <see cref="WeightResidency.Float32"/> model, whose parameters are the weights.
    /// </summary>
    internal void StoreLayer(int index)
    {
        if (Store is not { } store) return;
        using var _ = no_grad();
        foreach (var (name, disk, parameter) in LayerParameters(index))
        {
            // The detached alias and the conversion's handles hold the float32 and stored storage until disposed: without the
            // scope every layer's weights stayed alive after its use (a streamed 2.8B Wanda peaked at 20 GB, bench/RESULTS.md).
            using var scope = NewDisposeScope();
            var value = parameter.detach();
            if (StoredTransposed(name)) value = value.t();
            store.Write(disk, value.to_type(Layout.DTypeOf(disk).ScalarType).contiguous().DetachFromDisposeScope());
        }
    }

    /// <summary>
    /// Rounds a pruned weight to the dtype it will be saved in, in place, so every later computation (the re-run that feeds the
    /// next layer, later layers) sees the weights as saved; zeros stay exact zeros. Nothing to do for float32 checkpoints.
    /// </summary>
    internal void RoundToStored(NamedLinear linear)
    {
        var dtype = Layout.DTypeOf(Layout.DiskName(linear.WeightName));
        if (dtype == SafetensorsDType.F32) return;
        using var _ = no_grad();
        var weight = linear.Linear.weight!;
        using var rounded = weight.to_type(dtype.ScalarType);
        weight.copy_(rounded);
    }

    IEnumerable<(string Name, string Disk, Parameter Parameter)> LayerParameters(int index) =>
        Layers[index].named_parameters().Select(p => (LayerPrefix(index) + p.name, Layout.DiskName(LayerPrefix(index) + p.name), p.parameter));

    static void Release(IEnumerable<(string, string, Parameter Parameter)> parameters)
    {
        using var _ = no_grad();
        foreach (var (_, _, parameter) in parameters)
        {
            using var empty = torch.empty(0, ScalarType.Float32, parameter.device);
            parameter.set_(empty);
        }
    }

    sealed class WeightUse(List<(string, string, Parameter)> parameters) : IDisposable
    {
        bool released;

        public void Dispose()
        {
            if (released) return;
            released = true;
            Release(parameters);
        }
    }

    sealed class NoWeightUse : IDisposable
    {
        public static readonly NoWeightUse Instance = new();

        public void Dispose() { }
    }

    public override Tensor forward(Tensor ids) => Forward(ids, null);

    /// <summary>Logits [batch, time, vocab] for ids [batch, time], appending to <paramref name="cache"/> when given.</summary>
    public Tensor Forward(Tensor ids, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var ctx = Context(ids.shape[1], cache);
        using var outer = UseOuter();
        var hidden = Embed(ids, ctx);
        for (int i = 0; i < Layers.Count; i++)
        {
            using (UseLayer(i)) hidden = Layers[i].forward(hidden, ctx);
        }
        return Head(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits of each of <paramref name="inputs"/> (ids [batch, time], lengths may differ), computed layer-major: every input
    /// through the embeddings, then every input through layer 1, then layer 2, …, each layer in use once, keeping one hidden
    /// state per input; then the head, handing each input's logits to <paramref name="onLogits"/> (index, logits) in order,
    /// valid during the call. Each input's computation is <see cref="Forward"/>'s, so its logits are identical to the bit:
    /// for a streamed model this reads every layer once for all the inputs instead of once per input.
    /// </summary>
    public void ForwardLayerMajor(IReadOnlyList<Tensor> inputs, Action<int, Tensor> onLogits)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // Made here, before any inner scope, so their tables live as long as the passes.
        var contexts = inputs.Select(ids => ids.shape[1]).Distinct().ToDictionary(t => t, t => Context(t));
        ForwardContext ContextOf(Tensor ids) => contexts[ids.shape[1]];
        // The hidden states live in one buffer per input length, each input a slice: thousands of window-sized blocks
        // allocated and freed in turn between long-lived ones fragment the native heap (measured: +80 MB a layer on the
        // 100M model, bench/RESULTS.md), while one buffer is allocated once.
        var hidden = new Tensor[inputs.Count];
        foreach (var group in inputs.Select((ids, i) => (ids, i)).GroupBy(x => x.ids.shape[1]))
        {
            var buffer = empty([group.Sum(x => x.ids.shape[0]), group.Key, Config.HiddenSize], ScalarType.Float32, Device);
            long row = 0;
            foreach (var (ids, i) in group)
            {
                hidden[i] = buffer.narrow(0, row, ids.shape[0]);
                row += ids.shape[0];
            }
        }
        using (UseOuter())
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                using var step = NewDisposeScope();
                hidden[i].copy_(Embed(inputs[i], ContextOf(inputs[i])));
            }
        }
        for (int layer = 0; layer < Layers.Count; layer++)
        {
            using var use = UseLayer(layer);
            for (int i = 0; i < hidden.Length; i++)
            {
                using var step = NewDisposeScope();
                hidden[i].copy_(Layers[layer].forward(hidden[i], ContextOf(inputs[i])));
            }
        }
        using var head = UseOuter();
        for (int i = 0; i < hidden.Length; i++)
        {
            using var step = NewDisposeScope();
            onLogits(i, Head(hidden[i]));
        }
    }

    /// <summary>A new module of the config's family with default-initialised weights.</summary>
    public static CausalLM Construct(ModelConfig config) => config.Architecture.Construct(config);

    /// <summary>
    /// A randomly initialised model (normal(0, std) weights, unit norms, zero biases), the same for
    /// the same seed — for tests, benchmarks and training from scratch.
    /// </summary>
    public static CausalLM CreateRandom(ModelConfig config, long seed, double std = 0.02, Device? device = null)
    {
        var model = Construct(config);
        var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
            {
                bool isNorm = p.dim() == 1 && (name.Contains("norm") || name.Contains("ln_"));
                if (isNorm && name.EndsWith(".weight")) p.fill_(1.0);
                else if (p.dim() == 1) p.zero_();
                else p.normal_(0, std, generator);
            }
        }
        if (device is not null) model.to(device);
        model.eval();
        return model;
    }

    /// <summary>Loads a Hugging Face model folder (config.json + safetensors) onto <paramref name="device"/>, every weight in float32.</summary>
    public static CausalLM Load(string directory, Device? device = null) =>
        CheckpointBinding.Load(directory, device ?? CPU, WeightResidency.Float32);

    /// <summary>Loads a model folder holding its decoder layers as <paramref name="residency"/> says.</summary>
    public static CausalLM Load(string directory, Device? device, WeightResidency residency) =>
        CheckpointBinding.Load(directory, device ?? CPU, residency);

    /// <summary>
    /// Writes a complete model folder: the source folder's other files (config, tokenizer, ...),
    /// the weights in their original names, dtypes and shard layout. Refuses an existing folder
    /// unless <paramref name="overwrite"/>, and always refuses the folder the model was loaded from;
    /// the folder appears only once complete. <paramref name="addFiles"/> is handed the staging
    /// folder to write more files (pruning.json, importance scores) as part of the same
    /// all-or-nothing step. The folder's <see cref="OutputLock"/> is taken for the write, unless the
    /// caller holds it already (for a whole run) and passes it as <paramref name="held"/>.
    /// </summary>
    public void Save(string directory, bool overwrite = false, Action<string>? addFiles = null, OutputLock? held = null) =>
        CheckpointBinding.Save(this, directory, overwrite, change: null, addFiles, held);

    /// <summary>
    /// <see cref="Save"/> around <paramref name="change"/>, which changes the model layer by layer (<see cref="StoreLayer"/>):
    /// a streamed model's output folder is begun first and each stored layer is written to it as it comes, so the changed model
    /// is never whole in memory; any other model is changed, then saved. All or nothing either way.
    /// </summary>
    internal void SaveChanged(string directory, bool overwrite, Action change, Action<string>? addFiles, OutputLock? held) =>
        CheckpointBinding.Save(this, directory, overwrite, change, addFiles, held);

    /// <summary>Total parameter count (a tied head counted once), whether or not a layer's weights are in use.</summary>
    public long ParameterCount =>
        named_parameters().Sum(p => Store is { } store && p.parameter.numel() == 0 ? store.Shape(Layout.DiskName(p.name)).Aggregate(1L, (a, b) => a * b) : p.parameter.numel());

    protected override void Dispose(bool disposing)
    {
        if (disposing) Store?.Dispose();
        base.Dispose(disposing);
    }
}
