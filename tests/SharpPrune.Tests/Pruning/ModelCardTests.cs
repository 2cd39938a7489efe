using SharpPrune.Data;
using SharpPrune.Pruning;

namespace SharpPrune.Tests.Pruning;

/// <summary>
/// A pruned folder's README.md is a card for the result, not the input's card copied: Hugging Face front matter
/// (base_model, the input's licence, tags), the method and calibration with hashes; the input's card and training
/// records are kept under base_model_card/.
/// </summary>
public sealed class ModelCardTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("sharpprune-card-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void Stories260KWandaCardCarriesTheLicenceAndTheCalibrationHash()
    {
        string output = Path.Combine(temp, "wanda");
        PruningRun.Walker(new WalkerPruningRequest(TinyModels.StoriesDir, "wanda", 0.5)
        {
            Calibration = TinyModels.Brown, CalibrationDocs = DocumentFilter.Parse("0:0.8"), Samples = 4, SeqLen = 64,
        }, new PruningOutput(output));
        string card = File.ReadAllText(Path.Combine(output, "README.md"));
        // stories260K ships no card, only PROVENANCE.md, whose "License: MIT (llama2.c)" is carried.
        Assert.StartsWith("---\nbase_model: stories260K\nlicense: mit\nlibrary_name: transformers\npipeline_tag: text-generation\ntags:\n- sharpprune\n- pruned\n- wanda\n---\n", card);
        Assert.Contains("| pattern | unstructured, 50.00 % per row |", card);
        Assert.Contains($"| calibration | `brown.jsonl` (SHA-256 {FileHash.Sha256(TinyModels.Brown)}), documents 0:0.8, field `text`, 4 windows of 64 tokens |", card);
        Assert.Contains("[`pruning.json`](pruning.json)", card);
        Assert.False(File.Exists(Path.Combine(output, "PROVENANCE.md")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(TinyModels.StoriesDir, "PROVENANCE.md")),
            File.ReadAllBytes(Path.Combine(output, "base_model_card", "PROVENANCE.md")));
    }

    [Fact]
    public void TestbedCardReplacesTheInputCardAndKeepsItWithTheTrainingRecords()
    {
        string testbed = Path.Combine(RepoPaths.Root, "models", "testbed");
        string output = Path.Combine(temp, "magnitude");
        PruningRun.Walker(new WalkerPruningRequest(testbed, "magnitude", 0.3), new PruningOutput(output));
        string card = File.ReadAllText(Path.Combine(output, "README.md"));
        Assert.StartsWith("---\nbase_model: testbed\nlibrary_name: transformers\n", card);   // no licence known: none claimed
        Assert.Contains("# testbed, pruned with magnitude", card);
        Assert.Contains("| zeros in the pruned linears | 30.00 % |", card);
        Assert.DoesNotContain("| calibration |", card);
        Assert.DoesNotContain("trained here on general", card);
        Assert.Equal(["README.md", "training.json", "training_log.jsonl"],
            Directory.GetFiles(Path.Combine(output, "base_model_card")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(testbed, "README.md")), File.ReadAllText(Path.Combine(output, "base_model_card", "README.md")));
        Assert.False(File.Exists(Path.Combine(output, "training.json")));
    }
}
