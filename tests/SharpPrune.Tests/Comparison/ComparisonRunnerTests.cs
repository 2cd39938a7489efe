using System.Text.Json.Nodes;
using SharpPrune.Comparison;
using SharpPrune.Models;
using SharpPrune.Tasks;
using SharpPrune.Text;

namespace SharpPrune.Tests.Comparison;

/// <summary>A comparison of stories260K and its magnitude-pruned copy: the numbers, the cache, resuming and the report folder.</summary>
[Collection(ComparedModels.Collection)]
public sealed class ComparisonRunnerTests(ComparedModels compared)
{
    [Fact]
    public void ResultsJsonHoldsWhatThePplAndEvalLibraryCallsGiveForEachModel()
    {
        var results = ComparisonResults.FromJson(File.ReadAllText(Path.Combine(compared.Report, ComparisonReport.ResultsJson)));
        Assert.Equal(2, results.Models.Count);
        Assert.Equal(4, results.Cells);
        Assert.Equal(0, results.Cached);
        foreach (var (dir, row) in compared.Models.Zip(results.Models))
        {
            using var model = CausalLM.Load(dir);
            var tokenizer = TextTokenizer.Load(dir);
            var spec = compared.Suite.Perplexity[0].Spec;
            var ppl = spec.Evaluate(model, spec.ReadDocuments().Select(d => tokenizer.Encode(d.Text)));
            Assert.Equal(ppl, row.Perplexity["legal"]);
            var task = TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Test).First(3);
            Assert.Equal(ChoiceTaskScore.Of(task.Evaluate(new LogLikelihoodScorer(model, tokenizer))), row.Tasks["pubmedqa"]);
            Assert.Equal(260032, row.Summary.Parameters);
            Assert.Equal(new FileInfo(Path.Combine(dir, "model.safetensors")).Length, row.SafetensorsBytes);
        }
        var (dense, pruned) = (results.Models[0], results.Models[1]);
        Assert.Equal(("stories260K", PruningInfo.Dense), (dense.Name, dense.Pruning));
        Assert.Equal(new PruningInfo("magnitude", "unstructured", 0.5), pruned.Pruning);
        Assert.Equal(0, dense.Summary.LinearSparsity);
        Assert.Equal(0.5, pruned.Summary.LinearSparsity, 3);
        Assert.All(pruned.Summary.LayerSparsity, s => Assert.Equal(0.5, s, 3));
        long linearWeights = pruned.Summary.Matrices.Sum(m => m.Shape[0] * m.Shape[1]);
        Assert.InRange(dense.Summary.NonzeroParameters - pruned.Summary.NonzeroParameters, linearWeights / 2 - 50, linearWeights / 2);
        Assert.True(pruned.Perplexity["legal"].Perplexity > dense.Perplexity["legal"].Perplexity);
    }

    [Fact]
    public void ARerunTakesEveryCellFromTheCacheWithoutMeasuringAgain()
    {
        string cache = compared.CopyOfCache();
        // Change one cached number: a rerun that measured instead of reading the cache would not show it.
        string entry = Directory.GetFiles(cache).Single(f => File.ReadAllText(f).Contains("stories260K-magnitude · legal"));
        var json = JsonNode.Parse(File.ReadAllText(entry))!;
        json["value"]!["nll"] = 1.0;
        File.WriteAllText(entry, json.ToJsonString());
        var hits = new List<bool>();
        var again = new ComparisonRunner(compared.Suite, new CellCache(cache)) { OnCellFinished = hits.Add }.Run(compared.Models);
        Assert.Equal((4, 4), (again.Cells, again.Cached));
        Assert.Equal([true, true, true, true], hits);
        Assert.Equal(Math.E, again.Models[1].Perplexity["legal"].Perplexity, 9);
        Assert.Equal(compared.Results.Models[0].Perplexity, again.Models[0].Perplexity);
    }

    [Fact]
    public void AnInterruptedRunResumesFromTheCellsItFinished()
    {
        string cache = Path.Combine(compared.Temp, $"interrupted-{Guid.NewGuid():N}");
        int finished = 0;
        var interrupted = new ComparisonRunner(compared.Suite, new CellCache(cache))
        {
            OnCellFinished = _ => { if (++finished == 2) throw new OperationCanceledException("stopped by the test"); },
        };
        Assert.Throws<OperationCanceledException>(() => interrupted.Run(compared.Models));
        var outcomes = new List<bool>();
        var resumed = new ComparisonRunner(compared.Suite, new CellCache(cache)) { OnCellFinished = outcomes.Add }.Run(compared.Models);
        Assert.Equal([true, true, false, false], outcomes);
        Assert.Equal(2, resumed.Cached);
        Assert.Equal(compared.Results.Models.Select(m => m.Perplexity["legal"]), resumed.Models.Select(m => m.Perplexity["legal"]));
        Assert.Equal(compared.Results.Models.Select(m => m.Tasks["pubmedqa"]), resumed.Models.Select(m => m.Tasks["pubmedqa"]));
        Assert.Empty(Directory.GetFiles(cache, "*.tmp-*"));
    }

    [Fact]
    public void TheReportFolderHoldsPagesAndValidPngFiguresTheyShow()
    {
        byte[] magic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        string html = File.ReadAllText(Path.Combine(compared.Report, ComparisonReport.Html));
        string markdown = File.ReadAllText(Path.Combine(compared.Report, ComparisonReport.ResultsMarkdown));
        foreach (var png in new[] { "layer-sparsity.png", "perplexity.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(compared.Report, png));
            Assert.True(bytes.Length > 1000, $"{png}: {bytes.Length} bytes");
            Assert.Equal(magic, bytes[..8]);
            Assert.Contains($"<img src=\"{png}\"", html);
            Assert.Contains($"]({png})", markdown);
        }
        Assert.Contains("<td>stories260K-magnitude</td><td>magnitude</td><td>unstructured</td>", html);
        Assert.Contains("| stories260K | dense | — |", markdown);
        Assert.DoesNotContain(Directory.GetDirectories(compared.Temp), d => d.Contains(".tmp-"));
    }
}
