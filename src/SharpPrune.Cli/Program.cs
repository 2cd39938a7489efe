using System.CommandLine;
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
return root.Parse(args).Invoke();
