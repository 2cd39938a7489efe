using SharpPrune.LlamaCpp;
using SharpPrune.Models;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Export.Tests;

public class LlamaCppAgreementTests
{
    [Fact]
    public void Smoke()
    {
        using var folder = new ExportFolder();
        string path = folder.File("s.gguf");
        GgufExport.Run(Models.Stories, path, GgufOutputType.F32, false, null);
        using var llama = LlamaCppModel.Load(path, 256);
        var tokenizer = TextTokenizer.Load(Models.Stories);
        string text = "Once upon a time, there was a little girl named Lily.";
        var ours = tokenizer.Encode(text);
        var theirs = llama.Tokenize(text, true);
        Assert.Equal(ours, theirs);
        using var model = CausalLM.Load(Models.Stories);
        using var _ = no_grad();
        var expected = model.forward(tensor(ours.Select(i => (long)i).ToArray()).unsqueeze(0))[0];
        var actual = llama.Logits(ours);
        var a = tensor(actual.SelectMany(r => r).ToArray()).reshape(expected.shape);
        double err = (a - expected).abs().max().item<float>() / expected.abs().max().item<float>();
        Assert.True(err < 1e-3, $"err {err}");
    }
}
