namespace SharpPrune.Tasks;

/// <summary>
/// One multiple-choice example. The prompt is <see cref="Context"/> followed by <see cref="Question"/>; when it does
/// not fit the model, only the context is cut (from its left), so the question and the candidates stay whole.
/// </summary>
/// <param name="Id">A stable name for the example (PubMed id, CaseHOLD example id, line number).</param>
/// <param name="Context">Supporting text that may be shortened from the left.</param>
/// <param name="Question">The part of the prompt kept whole, ending where the candidates continue it.</param>
/// <param name="Candidates">Continuations of the prompt, each with its own leading space where one belongs.</param>
/// <param name="Gold">Index of the correct candidate, or null for an unlabeled example.</param>
public sealed record TaskExample(string Id, string Context, string Question, IReadOnlyList<string> Candidates, int? Gold)
{
    public string Prompt => Context + Question;
}
