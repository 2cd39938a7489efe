namespace SharpPrune.Tasks;

/// <summary>Which part of a built-in task's data: the reported test set, or the disjoint part used for calibration.</summary>
public enum TaskSplit
{
    Test,
    Calibration,
}
