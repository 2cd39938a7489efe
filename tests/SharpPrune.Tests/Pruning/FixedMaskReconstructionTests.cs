using SharpPrune.Data;
using SharpPrune.Calibration;
using SharpPrune.Evaluation;
using SharpPrune.Models;
using SharpPrune.Models.Llama;
using SharpPrune.Pruning;
using SharpPrune.Text;
using static TorchSharp.torch;

namespace SharpPrune.Tests.Pruning;

public sealed class FixedMaskReconstructionTests
{
    static double[,] ToArray(Tensor t)
    {
        var flat = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var a = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) a[r, c] = flat[r * cols + c];
        return a;
    }

    static bool[,] ToBool(Tensor t)
    {
        var flat = t.contiguous().data<bool>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var a = new bool[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) a[r, c] = flat[r * cols + c];
        return a;
    }

    static void AssertMatchesReference(Tensor dense, Tensor inputs, Tensor mask, Tensor actual, string what)
    {
        var expected = ObsReference.Reconstruct(ToArray(dense), ToArray(inputs), ToBool(mask), blockSize: SparseGptSolver.DefaultBlockSize);
        var got = ToArray(actual);
        var m = ToBool(mask);
        double scale = 0;
        foreach (double v in expected.Weight) scale = Math.Max(scale, Math.Abs(v));
        for (int r = 0; r < got.GetLength(0); r++)
            for (int c = 0; c < got.GetLength(1); c++)
            {
                if (m[r, c]) Assert.True(got[r, c] == 0, $"{what}: masked weight ({r}, {c}) is {got[r, c]}");
                else Assert.True(Math.Abs(expected.Weight[r, c] - got[r, c]) <= 2e-4 * scale, $"{what}: ({r}, {c}) is {got[r, c]}, the reference {expected.Weight[r, c]}");
            }
    }

    [Fact]
    public void WithAFixedMaskTheUpdateIsTheFloat64ReferenceAndMaskedWeightsStayZero()
    {
        var random = new Random(21);
        int rows = 12, cols = 40, tokens = 160;
        var w = new double[rows, cols];
        var x = new double[tokens, cols];
        var mask = new bool[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) { w[r, c] = random.NextDouble() * 2 - 1; mask[r, c] = random.NextDouble() < 0.5; }
        for (int t = 0; t < tokens; t++)
        {
            double shared = random.NextDouble() * 2 - 1;
            for (int c = 0; c < cols; c++) x[t, c] = c == 7 ? 0 : 0.6 * shared + (random.NextDouble() * 2 - 1);
        }
        var expected = ObsReference.Reconstruct(w, x, mask, blockSize: 16);
        using var stats = new HessianStatistics(cols, CPU);
        stats.AddBatch(tensor(x).to_type(ScalarType.Float32));
        using var actual = SparseGptSolver.Reconstruct(tensor(w).to_type(ScalarType.Float32), stats, tensor(mask), blockSize: 16);
        var got = ToArray(actual);
        bool changed = false;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                if (mask[r, c]) Assert.True(got[r, c] == 0, $"masked ({r}, {c}) is {got[r, c]}");
                Assert.Equal(expected.Weight[r, c], got[r, c], 1e-5);
                changed |= !mask[r, c] && c != 7 && Math.Abs(got[r, c] - w[r, c]) > 1e-3;
            }
        Assert.True(changed, "the kept weights must absorb the removed ones' error");
    }

    [Fact]
    public void EveryLayerIsSolvedOnTheInputsOfTheAlreadyReconstructedLayersBeforeIt()
    {
        using var model = CausalLM.CreateRandom(TinyModels.Llama(layers: 2), seed: 5, std: 0.3);
        using var dense = CausalLM.CreateRandom(TinyModels.Llama(layers: 2), seed: 5, std: 0.3);
        var tokenizer = TextTokenizer.Load(TinyModels.StoriesDir);
        using var calibration = CalibrationSampler.Sample(new CalibrationSpec(TinyModels.Brown, Samples: 4, SeqLen: 32, Seed: 2, Filter: DocumentFilter.Parse("0:0.8")), tokenizer);
        var generator = new Generator(6, CPU);
        var masks = LinearSelection.All.In(model).ToDictionary(t => t.Name, t => rand(t.Linear.weight!.shape, generator: generator) < 0.5);

        var report = FixedMaskReconstruction.Run(model, masks, calibration.Ids, batchSize: 2);

        Assert.Equal(masks.Count, report.Matrices.Count);
        using var _ = no_grad();
        foreach (var (name, linear) in LinearSelection.All.In(model))
            Assert.True((linear.weight!.masked_select(masks[name]) == 0).all().item<bool>(), $"{name}: a masked weight is nonzero");
        // Layer 0's q_proj sees the dense embeddings; layer 1's sees the output of the RECONSTRUCTED layer 0.
        var ctx = model.Context(32);
        var embedded = model.Embed(calibration.Ids, ctx);
        var layer0 = (LlamaDecoderLayer)model.Layers[0];
        var x0 = layer0.input_layernorm.call(embedded).reshape(-1, embedded.shape[^1]);
        AssertMatchesReference(((LlamaDecoderLayer)dense.Layers[0]).self_attn.q_proj.weight!, x0, masks["model.layers.0.self_attn.q_proj"],
            layer0.self_attn.q_proj.weight!, "layer 0 q_proj");
        var layer1 = (LlamaDecoderLayer)model.Layers[1];
        var x1 = layer1.input_layernorm.call(layer0.forward(embedded, ctx)).reshape(-1, embedded.shape[^1]);
        AssertMatchesReference(((LlamaDecoderLayer)dense.Layers[1]).self_attn.q_proj.weight!, x1, masks["model.layers.1.self_attn.q_proj"],
            layer1.self_attn.q_proj.weight!, "layer 1 q_proj");
    }
}
