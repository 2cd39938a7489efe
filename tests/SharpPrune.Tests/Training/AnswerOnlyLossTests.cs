using System.Text.Json.Nodes;
using SharpPrune.Models;
using SharpPrune.Tasks;
using SharpPrune.Text;
using SharpPrune.Training;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Training;

/// <summary>
/// Task sources train on the answer only: the masked (prompt) positions add nothing to the loss or to any gradient,
/// the loss is a float64 hand computation's over the answer positions, and several sources mix in stated counts.
/// </summary>
public sealed class AnswerOnlyLossTests
{
    static string Nlu(string task) => Path.Combine(RepoPaths.Root, "tasks", "nlu", task + ".json");

    static string Train(string task) => Path.Combine(RepoPaths.Shared, "data", "nlu", task, "train.jsonl");

    [Fact]
    public void Masked_positions_contribute_exactly_zero_gradient()
    {
        using var model = CausalLM.CreateRandom(TinyModels.Llama(), seed: 3);
        var ids = randint(3, 512, [2, 13], generator: new Generator(11));
        var flags = new bool[24];
        foreach (int i in new[] { 7, 8, 9, 12 + 2 }) flags[i] = true;
        var mask = tensor(flags).view(2, 12);
        // The same batch with every masked target replaced by another token.
        var otherTargets = ids.narrow(1, 1, 12).where(mask, (ids.narrow(1, 1, 12) + 101) % 512);

        var (lossA, gradsA) = LossAndGradients(model, ids, ids.narrow(1, 1, 12), mask);
        var (lossB, gradsB) = LossAndGradients(model, ids, otherTargets, mask);

        Assert.Equal(lossA, lossB);
        Assert.All(gradsA.Zip(gradsB), p => Assert.True(p.First.eq(p.Second).all().item<bool>(), "a masked target changed a gradient"));
        Assert.Contains(gradsA, g => g.abs().max().item<float>() > 0);
    }

    [Fact]
    public void The_loss_is_the_mean_cross_entropy_over_the_unmasked_positions_and_the_masked_logits_get_no_gradient()
    {
        var logits = randn([1, 4, 6], generator: new Generator(5)).requires_grad_();
        var targets = tensor(new long[] { 2, 0, 5, 1 }).view(1, 4);
        var mask = tensor(new[] { false, true, false, true }).view(1, 4);

        var loss = Trainer.MaskedLoss(logits, targets, mask);
        loss.backward();

        // Float64 by hand: −log softmax at positions 1 and 3, averaged.
        var l = logits.detach().to_type(ScalarType.Float64).data<double>().ToArray();
        double Nll(int position, int target)
        {
            var row = l.Skip(position * 6).Take(6).ToArray();
            return Math.Log(row.Sum(Math.Exp)) - row[target];
        }
        Assert.Equal((Nll(1, 0) + Nll(3, 1)) / 2, loss.item<float>(), 1e-6);
        var grad = logits.grad!;
        Assert.Equal(0f, grad[0, 0].abs().sum().item<float>());
        Assert.Equal(0f, grad[0, 2].abs().sum().item<float>());
        Assert.True(grad[0, 1].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void A_batch_with_no_trained_position_has_zero_loss_and_gradient()
    {
        var logits = randn([1, 3, 5], generator: new Generator(1)).requires_grad_();
        var loss = Trainer.MaskedLoss(logits, zeros([1, 3], ScalarType.Int64), zeros([1, 3], ScalarType.Bool));
        loss.backward();

        Assert.Equal(0f, loss.item<float>());
        Assert.Equal(0f, logits.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void A_task_example_trains_on_the_gold_answer_tokens_the_scorer_reads_and_nothing_else()
    {
        var tokenizer = TextTokenizer.Load(Path.Combine(RepoPaths.Root, "models", "testbed"));
        var example = TaskSpec.Read(Nlu("sst2")).Load(Train("sst2")).Examples[0];

        var document = TaskAnswerText.Encode(example, tokenizer, 128);

        var scored = new ExampleEncoder(tokenizer, 128).Encode(example);
        Assert.Equal(scored.Prompt.ToArray(), document.Tokens.Take(document.LossFrom).ToArray());
        Assert.Equal(scored.Continuations[example.Gold!.Value].ToArray(), document.Tokens.Skip(document.LossFrom).ToArray());
        Assert.False(document.LossOnEos);
        Assert.Equal(scored.Continuations[example.Gold!.Value].Count, document.LossTokens);

        var windows = new TokenWindows([document, document, document], tokenizer, 8, seed: 0);
        var (ids, lossMask) = windows.Batch(0, windows.Count);
        // Every trained target is an answer token: the flags sit where the answer's tokens are in the stream.
        var targets = ids.narrow(1, 1, 8).masked_select(lossMask).data<long>().ToArray();
        Assert.All(targets, t => Assert.Contains((int)t, scored.Continuations[example.Gold!.Value]));
        Assert.Equal(3 * document.LossTokens, windows.LossTokens);
    }

    [Fact]
    public void Sources_mix_in_the_stated_counts_drawn_with_the_seed_and_record_them()
    {
        var tokenizer = TextTokenizer.Load(Path.Combine(RepoPaths.Root, "models", "testbed"));
        var sources = new[]
        {
            TrainingSource.Parse($"{Train("cola")}#task={Nlu("cola")}#examples=7"),
            TrainingSource.Parse($"{Train("trec")}#task={Nlu("trec")}#examples=3"),
        };

        var mix = TrainingMix.Read(sources, tokenizer, 128, seed: 4);
        var again = TrainingMix.Read(sources, tokenizer, 128, seed: 4);
        var other = TrainingMix.Read(sources, tokenizer, 128, seed: 5);

        Assert.Equal(10, mix.Documents.Count);
        Assert.Equal([7, 3], mix.Summary.Select(s => (int)s!["documents"]!));
        Assert.Equal([8551, 5452], mix.Summary.Select(s => (int)s!["available"]!));
        Assert.Equal(1.0, mix.Summary.Sum(s => (double)s!["loss_token_share"]!), 3);
        Assert.Equal(mix.Documents.Select(d => d.Tokens), again.Documents.Select(d => d.Tokens));
        Assert.NotEqual(mix.Documents.Select(d => d.Tokens), other.Documents.Select(d => d.Tokens));
        // The cola questions and the trec ones are shuffled together, not one task after the other.
        string Task(TrainingDocument d) => tokenizer.Decode(d.Tokens).Contains("grammatical") ? "cola" : "trec";
        Assert.Equal(7, mix.Documents.Count(d => Task(d) == "cola"));
        Assert.NotEqual(mix.Documents.Select(Task), [.. Enumerable.Repeat("cola", 7), .. Enumerable.Repeat("trec", 3)]);
    }

    [Fact]
    public void More_examples_than_a_source_holds_repeats_it_in_whole_passes()
    {
        string spec = Nlu("cb");
        var tokenizer = TextTokenizer.Load(Path.Combine(RepoPaths.Root, "models", "testbed"));
        var source = TrainingSource.Parse($"{Train("cb")}#task={spec}#examples=600");

        var (documents, available) = source.Read(tokenizer, 128, seed: 1);

        Assert.Equal(250, available);
        Assert.Equal(600, documents.Count);
        // Two whole passes, then 100 of a third: every example at least twice, none more than three times.
        var counts = documents.GroupBy(d => string.Join(",", d.Tokens)).Select(g => g.Count()).ToList();
        Assert.InRange(counts.Min(), 2, 3);
        Assert.InRange(counts.Max(), 2, 3);
        Assert.Contains("#examples=0", Assert.Throws<SharpPruneException>(() => TrainingSource.Parse($"{Train("cb")}#examples=0")).Message);
    }

    static (float Loss, List<Tensor> Grads) LossAndGradients(CausalLM model, Tensor ids, Tensor targets, Tensor mask)
    {
        foreach (var p in model.parameters()) p.grad?.zero_();
        var loss = Trainer.MaskedLoss(model.forward(ids.narrow(1, 0, 12)), targets, mask);
        loss.backward();
        return (loss.item<float>(), model.parameters().Select(p => p.grad!.clone()).ToList());
    }
}
