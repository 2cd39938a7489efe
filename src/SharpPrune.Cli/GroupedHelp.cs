using System.CommandLine;
using System.CommandLine.Invocation;

namespace SharpPrune.Cli;

/// <summary>
/// A command's help with its options under headings (System.CommandLine lists them all in one column): `prune` has
/// some sixty, most of which belong to one method family, and one list of them cannot be read.
/// </summary>
internal sealed class GroupedHelp(Command command, string usage, IReadOnlyList<(string Heading, IReadOnlyList<Option> Options)> groups)
    : SynchronousCommandLineAction
{
    const int Width = 120;

    static readonly Dictionary<Command, GroupedHelp> Grouped = [];

    /// <summary>Gives the command grouped help; every option of the command must be in a group.</summary>
    public static void Set(Command command, string usage, IReadOnlyList<(string Heading, IReadOnlyList<Option> Options)> groups)
    {
        var grouped = groups.SelectMany(g => g.Options).ToHashSet();
        var missing = command.Options.Where(o => !grouped.Contains(o)).Select(o => o.Name).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"{command.Name} --help: no group for {string.Join(", ", missing)}");
        Grouped[command] = new GroupedHelp(command, usage, groups);
    }

    /// <summary>
    /// The --help option is the root's, shared by every command: its action shows the grouped help of a command that
    /// has one and System.CommandLine's own otherwise.
    /// </summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        var standard = (SynchronousCommandLineAction)help.Action!;
        help.Action = new Dispatch(standard);
    }

    sealed class Dispatch(SynchronousCommandLineAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) =>
            Grouped.TryGetValue(parseResult.CommandResult.Command, out var grouped) ? grouped.Invoke(parseResult) : standard.Invoke(parseResult);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var output = Console.Out;
        output.WriteLine($"Description:\n  {command.Description}\n\nUsage:\n  {usage}\n");
        var rows = groups.Select(g => (g.Heading, Rows: g.Options.Select(o => (Label(o), Text(o))).ToList())).ToList();
        int column = Math.Min(40, rows.SelectMany(g => g.Rows).Max(r => r.Item1.Length) + 2);
        foreach (var (heading, options) in rows.Append(("Help:", [("-?, -h, --help", "show this help")])))
        {
            foreach (var line in Wrap(heading, Width)) output.WriteLine(line);
            foreach (var (label, text) in options)
            {
                var lines = Wrap(text, Width - column - 2);
                output.WriteLine($"  {label.PadRight(column)}{(label.Length >= column ? "\n  " + new string(' ', column) : "")}{lines[0]}");
                foreach (var line in lines.Skip(1)) output.WriteLine($"  {new string(' ', column)}{line}");
            }
            output.WriteLine();
        }
        return 0;
    }

    /// <summary>A switch (a bool option) is written without a value, as System.CommandLine's own help does.</summary>
    static bool IsSwitch(Option option) => option.ValueType == typeof(bool);

    static string Label(Option option) =>
        option.Name + (IsSwitch(option) ? "" : $" <{option.HelpName ?? option.Name.TrimStart('-')}>") + (option.Required ? " (REQUIRED)" : "");

    static string Text(Option option) =>
        (option.Description ?? "") + (option.HasDefaultValue && !IsSwitch(option) && option.GetDefaultValue() is { } value
            ? $" [default: {System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}]" : "");

    static List<string> Wrap(string text, int width)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' '))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > width) lines.Add("");
            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }
        return lines;
    }
}
