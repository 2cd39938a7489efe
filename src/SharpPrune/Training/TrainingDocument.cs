namespace SharpPrune.Training;

/// <summary>
/// One training document as token ids. The loss is taken on predicting tokens [<see cref="LossFrom"/>, end) and, when
/// <see cref="LossOnEos"/>, on the EOS that follows the document: a text document trains on every token (LossFrom 0,
/// EOS included, so the model learns where documents end); a task example only on its answer (LossFrom = the prompt's
/// length, no EOS), so the prompt is context the model reads, never text it is taught to write.
/// </summary>
public sealed record TrainingDocument(IReadOnlyList<int> Tokens, int LossFrom, bool LossOnEos)
{
    public static TrainingDocument Text(IReadOnlyList<int> tokens) => new(tokens, 0, true);

    /// <summary>Tokens whose prediction is trained.</summary>
    public int LossTokens => Tokens.Count - LossFrom + (LossOnEos ? 1 : 0);
}
