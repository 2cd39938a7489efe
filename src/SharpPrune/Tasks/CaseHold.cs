namespace SharpPrune.Tasks;

/// <summary>
/// CaseHOLD: pick the holding a citing legal text refers to, out of five. The prompt is the one the pruning papers
/// score it with; the citing text is the context that may be cut from the left.
/// </summary>
public static class CaseHold
{
    public const string TestFile = "data/legal/casehold_test.txt";
    public const string TrainFile = "data/legal/casehold_train.txt";

    public static readonly TaskSpec Spec = new("casehold",
        Context: "A citing text is '{citing_prompt}",
        Question: "'. The correct holding statement is",
        Candidates: [.. Enumerable.Range(0, 5).Select(i => $" {{holding_{i}}}")],
        LabelField: "label", IdField: "example_id", Data: null);

    /// <summary>The test file, or for calibration the disjoint train file, unless <paramref name="dataPath"/> names one.</summary>
    public static ChoiceTask Load(TaskSplit split, string? dataPath = null) =>
        Spec.Load(dataPath ?? SharedData.Find(split == TaskSplit.Test ? TestFile : TrainFile));
}
