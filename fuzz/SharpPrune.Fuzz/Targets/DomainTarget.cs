using SharpPrune.Calibration;
using SharpPrune.Pruning.DPruner;

namespace SharpPrune.Fuzz.Targets;

/// <summary>A D-Pruner domain task file (JSON lines with a prompt and an answer field), read as stage 2 reads it.</summary>
public sealed class DomainTarget : IFuzzTarget
{
    public const string FileName = "domain.jsonl";

    public string Name => "domain";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Single(FileName, input);

    public byte[] Input(FuzzBundle files) => files.Files.Single().Bytes;

    public void Run(string folder)
    {
        var data = new DomainData(new CalibrationSpec(Path.Combine(folder, FileName)), "question", "answer");
        foreach (var _ in data.TaskExamples()) { }
    }
}
