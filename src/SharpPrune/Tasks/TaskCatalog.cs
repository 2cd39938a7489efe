namespace SharpPrune.Tasks;

/// <summary>Task names as users give them: a built-in name, or the path of a task spec file.</summary>
public static class TaskCatalog
{
    public const string PubMedQaName = "pubmedqa";
    public const string CaseHoldName = "casehold";
    public const string BillSumName = "billsum";

    public static bool IsSummarization(string nameOrFile) => nameOrFile == BillSumName;

    /// <summary>A multiple-choice task by name or spec file, from <paramref name="dataPath"/> when given, else its default data.</summary>
    public static ChoiceTask LoadChoice(string nameOrFile, TaskSplit split, string? dataPath = null) => nameOrFile switch
    {
        PubMedQaName => PubMedQa.Load(split, dataPath),
        CaseHoldName => CaseHold.Load(split, dataPath),
        _ when File.Exists(nameOrFile) => TaskSpec.Read(nameOrFile).Load(dataPath),
        _ => throw new SharpPruneException(
            $"--task {nameOrFile}: neither {PubMedQaName}, {CaseHoldName}, {BillSumName} nor an existing task spec file"),
    };
}
