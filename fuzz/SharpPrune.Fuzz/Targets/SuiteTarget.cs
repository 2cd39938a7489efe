using SharpPrune.Comparison;

namespace SharpPrune.Fuzz.Targets;

/// <summary>
/// A comparison suite (suite.json) with the files it names (documents, id lists, task spec files and their data)
/// given as a <see cref="FuzzBundle"/>. Reading checks the suite; the documents of every perplexity set and the
/// examples of every spec-file task are then read as a comparison would, since a suite can be well-formed and
/// still point at a bad file. Built-in tasks are not loaded: their data is the shared, trusted test set.
/// </summary>
public sealed class SuiteTarget : IFuzzTarget
{
    public const string FileName = "suite.json";

    public string Name => "suite";

    public FuzzBundle Files(byte[] input) => FuzzBundle.Decode(input);

    public byte[] Input(FuzzBundle files) => files.Encode();

    public void Run(string folder)
    {
        var suite = ComparisonSuite.Read(Path.Combine(folder, FileName));
        foreach (var set in suite.Perplexity) set.Spec.ReadDocuments();
        foreach (var task in suite.Tasks.Where(t => File.Exists(t.Task))) task.Load();
    }
}
