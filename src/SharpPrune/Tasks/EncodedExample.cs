namespace SharpPrune.Tasks;

/// <summary>
/// An example as token ids: the prompt (with BOS where the tokenizer adds one) and each candidate's continuation
/// tokens, which are scored after the prompt.
/// </summary>
/// <param name="Cut">Whether the context was shortened to fit the model.</param>
public sealed record EncodedExample(IReadOnlyList<int> Prompt, IReadOnlyList<IReadOnlyList<int>> Continuations, bool Cut)
{
    /// <summary>Tokens the model reads for the longest candidate: the last continuation token is only predicted, never input.</summary>
    public int InputLength => Prompt.Count + Continuations.Max(c => c.Count) - 1;
}
