namespace SharpPrune;

/// <summary>
/// A problem with the user's input or request, reported to them as one line: the file (or option)
/// and what is wrong with it. The CLI prints <see cref="Exception.Message"/> and exits non-zero;
/// anything else that escapes is a bug.
/// </summary>
public sealed class SharpPruneException : Exception
{
    public SharpPruneException(string message) : base(message) { }

    public SharpPruneException(string message, Exception inner) : base(message, inner) { }

    /// <summary>"path: problem" — the form every file error takes.</summary>
    public static SharpPruneException InFile(string path, string problem) => new($"{path}: {problem}");
}
