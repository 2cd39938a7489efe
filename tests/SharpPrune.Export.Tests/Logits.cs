using SharpPrune.LlamaCpp;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Export.Tests;

static class Logits
{
    /// <summary>max |llama.cpp − SharpPrune| / max |SharpPrune| over every position and token of one sequence.</summary>
    public static double RelativeError(CausalLM model, LlamaCppModel llama, IReadOnlyList<int> ids)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var expected = model.forward(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0))[0].to_type(ScalarType.Float64);
        var actual = tensor(llama.Logits(ids).SelectMany(row => row).ToArray()).reshape(expected.shape).to_type(ScalarType.Float64);
        return (actual - expected).abs().max().item<double>() / expected.abs().max().item<double>();
    }
}
