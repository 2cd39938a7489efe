using System.CommandLine;
using System.CommandLine.Parsing;

namespace SharpPrune.Cli;

/// <summary>
/// A command line that does not parse (an option typo, <c>--sparsity abc</c>, a missing required option) is reported
/// as every other user error is: one line on stderr naming the option, exit code 2, and no help text on stdout.
/// System.CommandLine's own report prints the whole help and names .NET types (<c>System.Double</c>).
/// </summary>
internal static class ParseErrors
{
    public static int Report(ParseResult parse)
    {
        Console.Error.WriteLine($"error: {Describe(parse)}");
        return CommandAction.UserError;
    }

    /// <summary>The first error of the parse, in the words of the rest of the CLI.</summary>
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string where = command is RootCommand ? "sharpprune" : $"sharpprune {command.Name}";
        if (parse.UnmatchedTokens.Count > 0) return Unknown(parse.UnmatchedTokens[0], command, where);
        // A value that is given and wrong comes first: it is what the user just typed (`--sparsity abc` is reported
        // before a --method left out).
        var (error, option) = parse.Errors.Select(e => (Error: e, Option: OptionOf(e)))
            .OrderBy(e => e.Option is not null && parse.GetResult(e.Option)?.Tokens.Count > 0 ? 0 : 1).First();
        if (option is null)
            return command is RootCommand && command.Subcommands.All(c => parse.GetResult(c) is null)
                ? $"name a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))} (sharpprune --help describes them)"
                : $"{where}: {OneLine(error.Message)}";
        var given = parse.GetResult(option);
        var tokens = given?.Tokens.Select(t => t.Value).ToList() ?? [];
        if (tokens.Count == 0)
            return $"{option.Name} {(given?.IdentifierToken is null ? "is required" : "needs a value")} ({where} --help lists the options)";
        // Only a conversion failure names the .NET type; other errors (AcceptOnlyFromAmong) say what they mean.
        if (error.Message.Contains(option.ValueType.FullName ?? "\0", StringComparison.Ordinal) || error.Message.Contains(ValueType(option).FullName ?? "\0", StringComparison.Ordinal))
            return $"{option.Name}: '{tokens[^1]}' is not {Expected(ValueType(option))}";
        return $"{option.Name}: {OneLine(error.Message)}";
    }

    static string Unknown(string token, Command command, string where)
    {
        var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Concat(command.Subcommands.Select(c => c.Name)).Distinct().ToList();
        string? closest = ClosestName.Among(token, names);
        string what = token.StartsWith('-') ? "unknown option" : "unexpected argument";
        return $"{where}: {what} '{token}'" + (closest is null ? $" ({where} --help lists the options)" : $" (did you mean {closest}?)");
    }

    static Option? OptionOf(ParseError error) => error.SymbolResult switch
    {
        OptionResult o => o.Option,
        ArgumentResult { Parent: OptionResult o } => o.Option,
        _ => null,
    };

    static Type ValueType(Option option) => Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;

    static string Expected(Type type) =>
        type == typeof(double) || type == typeof(float) ? "a number"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : $"a valid {type.Name}";

    /// <summary>System.CommandLine lists allowed values on lines of their own; the report is one line.</summary>
    static string OneLine(string message) => string.Join(' ', message.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
