using System.CommandLine;
using System.CommandLine.Invocation;
using SharpPrune.Cli;

var root = new RootCommand("SharpPrune: load, run, evaluate and prune Hugging Face causal language models.")
{
    InfoCommand.Create(),
    GenerateCommand.Create(),
    PplCommand.Create(),
    EvalCommand.Create(),
    PruneCommand.Create(),
    TrainCommand.Create(),
    FitTokenizerCommand.Create(),
    CompareCommand.Create(),
    ExportCommand.Create(),
};
VersionText.Install(root);
GroupedHelp.Install(root);
var parse = root.Parse(args);
// A line that does not parse is a user error like any other: one line on stderr, exit code 2 (not the help text).
return parse.Action is ParseErrorAction ? ParseErrors.Report(parse) : parse.Invoke();
