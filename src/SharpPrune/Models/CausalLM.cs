using SharpPrune.IO;
using TorchSharp;
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

    public override Tensor forward(Tensor ids) => Forward(ids, null);

    /// <summary>Logits [batch, time, vocab] for ids [batch, time], appending to <paramref name="cache"/> when given.</summary>
    public Tensor Forward(Tensor ids, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var ctx = Context(ids.shape[1], cache);
        var hidden = Embed(ids, ctx);
        foreach (var layer in Layers) hidden = layer.forward(hidden, ctx);
        return Head(hidden).MoveToOuterDisposeScope();
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

    /// <summary>Loads a Hugging Face model folder (config.json + safetensors) onto <paramref name="device"/>.</summary>
    public static CausalLM Load(string directory, Device? device = null) =>
        CheckpointBinding.Load(directory, device ?? CPU);

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
        CheckpointBinding.Save(this, directory, overwrite, addFiles, held);

    /// <summary>Total parameter count (a tied head counted once).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
