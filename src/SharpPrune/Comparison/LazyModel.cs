using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Comparison;

/// <summary>
/// A model folder whose weights are loaded on first use only, so a model whose cells are all cached is never loaded.
/// Its decoder layers are held in their stored dtype, or streamed from disk as <paramref name="residency"/> decides.
/// </summary>
internal sealed class LazyModel(string directory, Device device, Func<string, WeightResidency> residency) : IDisposable
{
    CausalLM? model;
    TextTokenizer? tokenizer;

    public CausalLM Model => model ??= CausalLM.Load(directory, device, residency(directory));

    public TextTokenizer Tokenizer => tokenizer ??= TextTokenizer.Load(directory);

    public void Dispose() => model?.Dispose();
}
