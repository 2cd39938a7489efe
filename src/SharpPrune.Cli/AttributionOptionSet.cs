using System.CommandLine;
using SharpPrune.Pruning;
using SharpPrune.Pruning.Attribution;
using SharpPrune.Tasks;

namespace SharpPrune.Cli;

/// <summary>The options <c>prune --method attribution[-random|-activation]</c> adds, and the run they drive.</summary>
internal sealed class AttributionOptionSet
{
    readonly Option<string?> task = new("--task") { Description = "attribution: pubmedqa | casehold | task spec file (its calibration split is used)" };
    readonly Option<string?> taskData = new("--task-data") { Description = "attribution: the task's data file (default: its calibration data under ../shared)" };
    readonly Option<double?> ratio = new("--ratio") { Description = "attribution: fraction of FFN neurons removed, in [0, 1)" };
    readonly Option<double?> heads = new("--heads") { Description = "attribution: also remove this fraction of each layer's attention head groups (a KV head with its query heads), in [0, 1)" };
    readonly Option<bool> global = new("--global") { Description = "attribution: rank neurons over all layers (each layer keeps --min-keep)" };
    readonly Option<double> minKeep = new("--min-keep") { Description = "attribution: with --global, fraction of each layer kept", DefaultValueFactory = _ => 0.1 };
    readonly Option<int?> lowResource = new("--low-resource") { Description = "attribution: use K seeded calibration examples" };
    readonly Option<bool> unsupervised = new("--unsupervised") { Description = "attribution: target = the model's own prediction; labels never read" };
    readonly Option<int?> igSteps = new("--ig-steps") { Description = "attribution: integrated gradients with M steps (default: activation × gradient)" };
    readonly Option<int> igBatch = new("--ig-batch") { Description = "attribution: IG steps per forward", DefaultValueFactory = _ => 20 };
    readonly Option<string> positionReduce = new Option<string>("--position-reduce") { Description = "attribution: max | sum of a unit's score over the answer positions", DefaultValueFactory = _ => "max" }.AcceptOnlyFromAmong("max", "sum");
    readonly Option<int?> limit = new("--limit") { Description = "attribution: at most N calibration examples" };

    /// <summary>Every option of the set, in help order.</summary>
    public IReadOnlyList<Option> Options => [task, taskData, ratio, heads, global, minKeep, lowResource, unsupervised, igSteps, igBatch, positionReduce, limit];

    public void AddTo(Command command)
    {
        foreach (var option in Options) command.Add(option);
    }

    /// <summary>Prunes, writes the output folder and returns the fraction of FFN neurons removed.</summary>
    public double Run(ParseResult parse, string method, PruneRequest request)
    {
        // Attribution deletes whole neurons, a fraction given by --ratio; a --sparsity beside it would be silently ignored.
        if (request.Sparsity is not null)
            throw new SharpPruneException($"--method {method} removes whole FFN neurons: give the fraction removed with --ratio, not --sparsity");
        string taskName = parse.GetValue(task) ?? throw new SharpPruneException($"--method {method} needs --task");
        var options = new AttributionOptions
        {
            Scoring = PruningMethods.Find(method).Scoring,
            Ratio = parse.GetValue(ratio) ?? throw new SharpPruneException($"--method {method} needs --ratio"),
            Heads = parse.GetValue(heads),
            Global = parse.GetValue(global),
            MinKeep = parse.GetValue(minKeep),
            IgSteps = parse.GetValue(igSteps),
            IgBatch = parse.GetValue(igBatch),
            PositionReduce = parse.GetValue(positionReduce) == "sum" ? PositionReduce.Sum : PositionReduce.Max,
            Unsupervised = parse.GetValue(unsupervised),
            LowResource = parse.GetValue(lowResource),
            Limit = parse.GetValue(limit),
            Seed = request.Seed,
        };
        options.Validate();
        var calibration = TaskCatalog.LoadChoice(taskName, TaskSplit.Calibration, parse.GetValue(taskData));
        int count = options.Scoring == UnitScoring.Random ? 0 : AttributionPruner.Select(calibration.Examples, options).Count;
        var result = Progress.Run(options.Heads is null ? "scoring neurons" : "scoring neurons and heads", "examples", count, request.ForPerson,
            sink => PruningRun.Attribution(new AttributionRequest(request.ModelDir, method, calibration, options) { Device = request.Device },
                request.Output, () => sink.Advance(1)));
        return result.Report.Sparsity;
    }
}
