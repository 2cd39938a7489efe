using SharpPrune.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SharpPrune.Export;

/// <summary>
/// How one model family is written as a llama.cpp architecture: what of its configs llama.cpp's graph computes the
/// same (the rest is refused by name before any weight is read), the <c>{arch}.*</c> hyper-parameters, and the
/// tensors in llama.cpp's names and layouts. The families with a mapping are listed in <see cref="GgufMappings"/>.
/// </summary>
internal abstract class GgufMapping
{
    public abstract ModelFamily Family { get; }

    /// <summary>Refuses, by config alone and before any weight is read, what llama.cpp's graph would compute differently.</summary>
    public abstract void Check(ModelConfig config, string modelDir);

    /// <summary>llama.cpp's architecture name for this model (general.architecture, the prefix of its hyper-parameters).</summary>
    protected abstract string Architecture(ModelConfig config);

    protected abstract IEnumerable<KeyValuePair<string, GgufValue>> Hyperparameters(ModelConfig config, string arch);

    public abstract List<GgufTensor> Tensors(CausalLM model, GgufOutputType storage);

    public List<KeyValuePair<string, GgufValue>> Metadata(ModelConfig config, string name, GgufOutputType storage)
    {
        string arch = Architecture(config);
        return
        [
            new("general.architecture", GgufValue.Of(arch)),
            new("general.name", GgufValue.Of(name)),
            // llama.cpp's llama_ftype: 0 = all f32, 1 = mostly f16.
            new("general.file_type", GgufValue.Of(storage == GgufOutputType.F16 ? 1u : 0u)),
            .. Hyperparameters(config, arch),
        ];
    }

    /// <summary>
    /// The Hugging Face activations llama.cpp's GELU stands for: it computes the tanh formula (gelu_new, gelu_fast,
    /// gelu_pytorch_tanh), which also stays within the export tests' 1e-3 of the erf gelu Pythia uses.
    /// </summary>
    protected static bool IsGelu(string activation) => activation is "gelu" or "gelu_new" or "gelu_fast" or "gelu_pytorch_tanh";

    /// <summary>Refuses an activation llama.cpp's LayerNorm graphs (gpt2, gptneox) do not compute; <paramref name="key"/> is the config's name for it.</summary>
    protected static void RequireGelu(ModelConfig c, string modelDir, string key, string arch)
    {
        if (!IsGelu(c.Activation))
            throw SharpPruneException.InFile(Path.Combine(modelDir, "config.json"), $"{key} {c.Activation}: llama.cpp's {arch} graph uses GELU only");
    }

    /// <summary>Refuses layers of unequal widths or head counts, which llama.cpp's gpt2 and gptneox graphs cannot size.</summary>
    protected static void RequireEqualLayers(ModelConfig c, string modelDir, string arch)
    {
        if (c.LayerIntermediateSizes is not null || c.LayerHeads is not null)
            throw SharpPruneException.InFile(Path.Combine(modelDir, "config.json"),
                $"layers of unequal widths or head counts: llama.cpp's {arch} graph takes one size for every layer");
    }

    /// <summary>The hyper-parameters llama.cpp's LayerNorm graphs (gpt2, gptneox) read alike.</summary>
    protected static IEnumerable<KeyValuePair<string, GgufValue>> LayerNormHyperparameters(ModelConfig c, string arch) =>
    [
        new($"{arch}.vocab_size", GgufValue.Of((uint)c.VocabSize)),
        new($"{arch}.context_length", GgufValue.Of((uint)c.MaxPositions)),
        new($"{arch}.embedding_length", GgufValue.Of((uint)c.HiddenSize)),
        new($"{arch}.block_count", GgufValue.Of((uint)c.NumLayers)),
        new($"{arch}.feed_forward_length", GgufValue.Of((uint)c.IntermediateSize)),
        new($"{arch}.attention.head_count", GgufValue.Of((uint)c.NumHeads)),
        new($"{arch}.attention.layer_norm_epsilon", GgufValue.Of((float)c.NormEps)),
    ];

    /// <summary>A weight matrix, in the export's storage type (llama.cpp's quantizer later rewrites only these).</summary>
    protected static GgufTensor Matrix(string name, Tensor weight, GgufOutputType storage) =>
        storage == GgufOutputType.F16 ? TensorBytes.F16(name, weight) : TensorBytes.F32(name, weight);

    /// <summary>Norms and biases stay f32, as llama.cpp's own converter keeps every 1-D tensor.</summary>
    protected static GgufTensor Vector(string name, Tensor weight) => TensorBytes.F32(name, weight);

    /// <summary>A LayerNorm as llama.cpp's <c>NAME.weight</c> and <c>NAME.bias</c>.</summary>
    protected static void AddNorm(List<GgufTensor> tensors, string name, LayerNorm norm)
    {
        tensors.Add(Vector(name + ".weight", norm.weight!));
        tensors.Add(Vector(name + ".bias", norm.bias!));
    }
}
