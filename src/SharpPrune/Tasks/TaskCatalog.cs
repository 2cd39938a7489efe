namespace SharpPrune.Tasks;

/// <summary>Task names as users give them: a built-in name, or the path of a task spec file.</summary>
public static class TaskCatalog
{
    public const string PubMedQaName = "pubmedqa";
    public const string CaseHoldName = "casehold";
    public const string BillSumName = "billsum";

    public static bool IsSummarization(string nameOrFile) => nameOrFile == BillSumName;

    /// <summary>
    /// A multiple-choice task by name or spec file, from <paramref name="dataPath"/> when given, else its default data,
    /// with the few-shot examples <paramref name="fewShot"/> asks for. The built-in tasks draw their shots from their
    /// calibration split, so only their test split takes them.
    /// </summary>
    public static ChoiceTask LoadChoice(string nameOrFile, TaskSplit split, string? dataPath = null, FewShotRequest? fewShot = null)
    {
        if (nameOrFile is PubMedQaName or CaseHoldName)
        {
            var task = nameOrFile == PubMedQaName ? PubMedQa.Load(split, dataPath) : CaseHold.Load(split, dataPath);
            if (fewShot?.K is not > 0) return task;
            if (split != TaskSplit.Test) throw new SharpPruneException($"task {nameOrFile}: few-shot examples precede test prompts only");
            // PubMedQA's calibration split is the same file's other ids; CaseHOLD's is its train file.
            var pool = nameOrFile == PubMedQaName ? PubMedQa.Load(TaskSplit.Calibration, dataPath) : CaseHold.Load(TaskSplit.Calibration);
            return FewShot.Prepend(task, pool, fewShot.K.Value, fewShot.Seed ?? FewShot.DefaultSeed, FewShot.DefaultSeparator);
        }
        if (File.Exists(nameOrFile))
        {
            var spec = TaskSpec.Read(nameOrFile);
            return spec.Load(dataPath ?? (split == TaskSplit.Calibration ? spec.CalibrationData : null), fewShot);
        }
        throw new SharpPruneException($"--task {nameOrFile}: neither {PubMedQaName}, {CaseHoldName}, {BillSumName} nor an existing task spec file");
    }
}
