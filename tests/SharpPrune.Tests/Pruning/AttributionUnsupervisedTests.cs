using SharpPrune.Models;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Tasks;
using SharpPrune.Text;

namespace SharpPrune.Tests.Pruning;

/// <summary>The unsupervised setting needs no labels and explains exactly the model's own choices.</summary>
public sealed class AttributionUnsupervisedTests
{
    static readonly TaskExample[] Unlabeled =
    [
        new("a", "Once upon a time there was a little girl.", " She liked to", [" play", " eat", " sleep"], null),
        new("b", "The dog ran to the park.", " Was it happy? Answer:", [" yes", " no", " maybe"], null),
        new("c", "Tom had a red ball.", " He gave it to", [" his mom", " the cat"], null),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void UnlabeledExamplesScoreLikeGoldSetToTheModelsPredictions(int? igSteps)
    {
        using var model = CausalLM.Load(TinyModels.StoriesDir);
        var encoder = new ExampleEncoder(TextTokenizer.Load(TinyModels.StoriesDir), model.Config.MaxPositions);
        var options = new AttributionOptions { Ratio = 0.3, IgSteps = igSteps };

        var unsupervised = UnitScorer.Score(model, Unlabeled, encoder, options with { Unsupervised = true });
        var predicted = Unlabeled.Select(e => e with { Gold = TargetChooser.Predict(model, encoder.Encode(e)) }).ToList();
        var supervised = UnitScorer.Score(model, predicted, encoder, options);

        Assert.Equal(predicted.Select(e => (e.Id, e.Gold!.Value)), unsupervised.Targets);
        for (int i = 0; i < model.Layers.Count; i++) Assert.Equal(supervised.Neurons[i], unsupervised.Neurons[i]);
        // The supervised setting does read the labels: without them it refuses rather than guessing.
        Assert.Throws<SharpPruneException>(() => UnitScorer.Score(model, Unlabeled, encoder, options));
    }

    [Fact]
    public void GoldTargetsChangeTheScores()
    {
        using var model = CausalLM.Load(TinyModels.StoriesDir);
        var encoder = new ExampleEncoder(TextTokenizer.Load(TinyModels.StoriesDir), model.Config.MaxPositions);
        var options = new AttributionOptions { Ratio = 0.3 };
        var first = UnitScorer.Score(model, Unlabeled.Select(e => e with { Gold = 0 }).ToList(), encoder, options);
        var second = UnitScorer.Score(model, Unlabeled.Select(e => e with { Gold = 1 }).ToList(), encoder, options);
        Assert.NotEqual(first.Neurons[0], second.Neurons[0]);
    }
}
