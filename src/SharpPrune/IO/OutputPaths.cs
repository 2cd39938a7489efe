namespace SharpPrune.IO;

/// <summary>
/// An output folder must stand apart from every input of its run: equal to an input it would replace it (with
/// overwrite), inside an input folder it would be copied into itself (the model's companion files include the run's
/// own lock), and holding an input it would delete it. Every run checks this before any work, so a long run is never
/// thrown away at the end for a path the user could have been told about at once.
/// </summary>
public static class OutputPaths
{
    /// <param name="output">The output folder (or a work folder the run writes and deletes).</param>
    /// <param name="option">The option that named it, for the message (e.g. --out).</param>
    /// <param name="inputs">Input files and folders; nulls (options not given) are skipped.</param>
    public static void CheckApart(string output, string option, IEnumerable<string?> inputs)
    {
        string target = Full(output);
        foreach (var input in inputs.OfType<string>())
        {
            string source = Full(input);
            if (target == source)
                throw new SharpPruneException($"{option} {output} is an input of this run; write the result elsewhere");
            if (Inside(target, source))
                throw new SharpPruneException($"{option} {output} is inside the input folder {input}; write the result elsewhere");
            if (Inside(source, target))
                throw new SharpPruneException($"{option} {output} holds the input {input}, which writing there would delete; write the result elsewhere");
        }
    }

    static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    static bool Inside(string path, string folder) =>
        path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
