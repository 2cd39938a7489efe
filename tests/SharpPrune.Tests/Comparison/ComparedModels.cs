using SharpPrune.Comparison;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Text;

namespace SharpPrune.Tests.Comparison;

/// <summary>
/// Shared by the comparison tests: stories260K and a magnitude-pruned copy of it, a tiny suite over the real data
/// (one MultiLegalPile evaluation document, three PubMedQA test questions), and one finished comparison with its cache.
/// </summary>
public sealed class ComparedModels : IDisposable
{
    /// <summary>The test collection sharing one instance, so the comparison runs once for all its classes.</summary>
    public const string Collection = "compared models";

    public string Temp { get; } = Directory.CreateTempSubdirectory("sharpprune-compare-").FullName;

    public string Pruned => Path.Combine(Temp, "stories260K-magnitude");

    public string[] Models => [TinyModels.StoriesDir, Pruned];

    public string SuitePath => Path.Combine(Temp, "suite.json");

    public string Report => Path.Combine(Temp, "report");

    public string Cache => Path.Combine(Temp, "report.cache");

    public ComparisonSuite Suite { get; }

    public ComparisonResults Results { get; }

    public ComparedModels()
    {
        using (var model = CausalLM.Load(TinyModels.StoriesDir))
        {
            var recipe = new PruningRecipe("magnitude", new UnstructuredPattern(0.5, PruningScope.Matrix), LinearSelection.All, null);
            var report = Pruner.Run(model, recipe, TextTokenizer.Load(TinyModels.StoriesDir));
            PruningRun.Save(model, new PruningResult(recipe, report), new PruningOutput(Pruned));
        }
        string legal = Path.GetRelativePath(Temp, Path.Combine(RepoPaths.Shared, "data", "legal", "MultiLegalPile_300_cleaned.txt"));
        File.WriteAllText(SuitePath, $$"""
            {"seq_len": 128,
             "perplexity": [{"name": "legal", "data": "{{legal}}", "docs": "0.8:1", "max_docs": 1}],
             "tasks": [{"name": "pubmedqa", "limit": 3}]}
            """);
        Suite = ComparisonSuite.Read(SuitePath);
        Results = new ComparisonRunner(Suite, new CellCache(Cache)).Run(Models);
        ComparisonReport.Write(Report, Suite, Results, overwrite: false);
    }

    /// <summary>A copy of the finished comparison's cache, to change or extend without touching the original.</summary>
    public string CopyOfCache()
    {
        string copy = Path.Combine(Temp, $"cache-{Guid.NewGuid():N}");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Cache)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    public void Dispose() => Directory.Delete(Temp, recursive: true);
}

[CollectionDefinition(ComparedModels.Collection)]
public sealed class ComparedModelsCollection : ICollectionFixture<ComparedModels>;
