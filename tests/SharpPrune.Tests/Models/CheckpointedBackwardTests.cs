using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Models;

public class CheckpointedBackwardTests
{
    // GPT-NeoX's parallel residual reads each layer's input three times, GPT-2 adds learned
    // positions in Embed, the tiny Llama ties its head to the embedding: every way a gradient can
    // reach a stored input or a shared weight from more than one place.
    [Theory]
    [InlineData("llama")]
    [InlineData("gpt_neox")]
    [InlineData("gpt2")]
    public void GivesTheLossAndEveryGradientOfPlainAutogradExactly(string family)
    {
        using var plain = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 7, std: 0.3);
        using var checkpointed = CausalLM.CreateRandom(TinyModels.OfFamily(family, layers: 3), seed: 7, std: 0.3);
        using var ids = tensor(Enumerable.Range(0, 3 * 16).Select(i => (long)((i * 37 + 5) % 512)).ToArray()).view(3, 16);
        static Tensor Loss(Tensor logits, Tensor ids) =>
            nn.functional.cross_entropy(logits.narrow(1, 0, 15).reshape(-1, 512), ids.narrow(1, 1, 15).reshape(-1));

        using var expected = Loss(plain.forward(ids), ids);
        expected.backward();
        using var actual = CheckpointedBackward.Run(checkpointed, ids, logits => Loss(logits, ids));

        Assert.Equal(expected.item<float>(), actual.item<float>());
        var reference = plain.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in checkpointed.named_parameters())
        {
            float difference = (p.grad! - reference[name].grad!).abs().max().item<float>();
            Assert.True(difference == 0, $"{family}: the gradient of {name} differs by up to {difference}");
        }
    }
}
