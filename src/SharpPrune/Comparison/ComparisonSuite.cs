namespace SharpPrune.Comparison;

/// <summary>
/// What every model of a comparison is measured on: perplexity sets and multiple-choice tasks, the report's columns.
/// Read from a JSON file (see <see cref="SuiteReader"/>); paths in it are already resolved against its folder.
/// </summary>
/// <param name="Path">The suite file, as a full path.</param>
public sealed record ComparisonSuite(string Path, IReadOnlyList<SuitePerplexity> Perplexity, IReadOnlyList<SuiteTask> Tasks)
{
    /// <summary>Measurements per model.</summary>
    public int CellCount => Perplexity.Count + Tasks.Count;

    public static ComparisonSuite Read(string path) => SuiteReader.Read(path);
}
