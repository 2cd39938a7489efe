using SharpPrune.Data;
namespace SharpPrune.Tasks;

/// <summary>
/// BillSum: summarize a US bill. The prompt is "Bill: {source}\nSummary:"; the model's greedy continuation, up to the
/// first blank line, is the summary, scored by ROUGE against the reference.
/// </summary>
public static class BillSum
{
    public const string TestFile = "data/legal/billsum_test.txt";

    public const string PromptLead = "Bill: ";
    public const string PromptTail = "\nSummary:";

    public static IReadOnlyList<SummaryExample> Load(string? dataPath = null)
    {
        string path = dataPath ?? SharedData.Find(TestFile);
        var examples = JsonLines.Read(path).Select(r =>
        {
            string where = $"{path}: line {r.Line}";
            return new SummaryExample(r.Line.ToString(), JsonLines.Text(r.Row, "source", where), JsonLines.Text(r.Row, "summary", where));
        }).ToList();
        return examples.Count > 0 ? examples : throw SharpPruneException.InFile(path, "no examples");
    }
}
