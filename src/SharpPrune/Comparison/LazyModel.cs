using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Comparison;

/// <summary>A model folder whose weights are loaded on first use only, so a model whose cells are all cached is never loaded.</summary>
internal sealed class LazyModel(string directory, Device device) : IDisposable
{
    CausalLM? model;
    TextTokenizer? tokenizer;

    public CausalLM Model => model ??= CausalLM.Load(directory, device);

    public TextTokenizer Tokenizer => tokenizer ??= TextTokenizer.Load(directory);

    public void Dispose() => model?.Dispose();
}
