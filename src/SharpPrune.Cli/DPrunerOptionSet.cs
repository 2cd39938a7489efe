using System.CommandLine;
using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Pruning.DPruner;

namespace SharpPrune.Cli;

/// <summary>The options <c>prune --method dpruner</c> adds, with the reference defaults, and the run they drive.</summary>
internal sealed class DPrunerOptionSet
{
    readonly Option<string?> generalCalib = new("--general-calib") { Description = "dpruner: open-domain calibration text, " + CommandAction.TextSource };
    readonly Option<string> generalField = new("--general-field") { Description = "dpruner: JSON field of the general text", DefaultValueFactory = _ => "text" };
    readonly Option<string?> generalDocs = new("--general-docs") { Description = "dpruner: which general documents (FROM:TO, ids:FILE, not-ids:FILE)" };
    readonly Option<string?> domainCalib = new("--domain-calib") { Description = "dpruner: domain text (as --general-calib), or a JSON-lines task file with --domain-answer-field" };
    readonly Option<string> domainField = new("--domain-field") { Description = "dpruner: text field (or prompt field of a task file)", DefaultValueFactory = _ => "text" };
    readonly Option<string?> domainAnswerField = new("--domain-answer-field") { Description = "dpruner: answer field of a task file; the loss is taken on the answer only" };
    readonly Option<string?> domainDocs = new("--domain-docs") { Description = "dpruner: which domain documents (FROM:TO, ids:FILE, not-ids:FILE)" };
    readonly Option<int> domainSamples = new("--domain-samples") { Description = "dpruner: domain training examples", DefaultValueFactory = _ => 128 };
    readonly Option<int?> maxLength = new("--max-length") { Description = "dpruner: domain example length (default: min(1024, context))" };
    readonly Option<double> generalSparsity = new("--general-sparsity") { Description = "dpruner: sparsity of the SparseGPT pass whose saliencies are G", DefaultValueFactory = _ => 0.52 };
    readonly Option<string> dual = new Option<string>("--dual")
    {
        Description = "dpruner: how G enters the mask: rank ((1-α)·rank(S) + α·rank(G) per matrix) or released (λ regularizer only)",
        DefaultValueFactory = _ => "rank",
    }.AcceptOnlyFromAmong("rank", "released");
    readonly Option<double> alpha = new("--alpha") { Description = "dpruner: with --dual rank, the share of the mask decided by G, 0…1", DefaultValueFactory = _ => DPrunerOptions.DefaultAlpha };
    readonly Option<double?> lambda = new("--lambda") { Description = "dpruner: with --dual released, the regularizer's weight (default 0.1)" };
    readonly Option<string?> domainImportance = new("--domain-importance") { Description = "dpruner: reuse S from an earlier run's output (skips stage 2)" };
    readonly Option<string?> reconstruct = new Option<string?>("--reconstruct")
    {
        Description = "dpruner: after masking, update the kept weights (OBS solve, mask fixed) on general, domain or mixed calibration",
    }.AcceptOnlyFromAmong("general", "domain", "mixed");
    readonly Option<double> lr = new("--lr") { Description = "dpruner: stage 2 learning rate", DefaultValueFactory = _ => 0.03 };
    readonly Option<double> warmup = new("--warmup") { Description = "dpruner: warm-up, a fraction of the steps", DefaultValueFactory = _ => 0.1 };
    readonly Option<int> epochs = new("--epochs") { Description = "dpruner: stage 2 epochs", DefaultValueFactory = _ => 5 };
    readonly Option<double> clip = new("--clip") { Description = "dpruner: gradient-norm clipping", DefaultValueFactory = _ => 1.0 };
    readonly Option<string> scoring = new Option<string>("--scoring") { Description = "dpruner: taylor2 | reference (the released code's score)", DefaultValueFactory = _ => "taylor2" }.AcceptOnlyFromAmong("taylor2", "reference");
    readonly Option<double> gradScale = new("--reference-grad-scale") { Description = "dpruner: with --scoring reference, the fp16 loss scale", DefaultValueFactory = _ => 65536 };
    readonly Option<string> maskScope = new Option<string>("--mask-scope") { Description = "dpruner: matrix | block128 (where the mask ranks weights)", DefaultValueFactory = _ => "matrix" }.AcceptOnlyFromAmong("matrix", "block128");
    readonly Option<string?> generalImportance = new("--general-importance") { Description = "dpruner: reuse G from an earlier run's output (skips stage 1)" };
    readonly Option<string?> workDir = new("--work-dir") { Description = "dpruner: where stage 2 keeps resumable state (default: <out>.dpruner-work)" };

    /// <summary>Every option of the set, in help order.</summary>
    public IReadOnlyList<Option> Options =>
    [
        generalCalib, generalField, generalDocs, generalImportance, domainCalib, domainField, domainAnswerField, domainDocs, domainSamples,
        domainImportance, maxLength, generalSparsity, dual, alpha, lambda, reconstruct, lr, warmup, epochs, clip, scoring, gradScale, maskScope, workDir,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in Options) command.Add(option);
    }

    /// <summary>Runs D-Pruner and writes the output folder; returns the overall sparsity.</summary>
    public double Run(ParseResult parse, PruneRequest request)
    {
        var config = ModelConfigReader.ReadFolder(request.ModelDir);
        int context = config.MaxPositions;
        string Required(Option<string?> o) => parse.GetValue(o) ?? throw new SharpPruneException($"--method dpruner needs {o.Name}");
        DocumentFilter? Filter(Option<string?> o) => parse.GetValue(o) is { } r ? DocumentFilter.Parse(r, o.Name) : null;
        string? general = parse.GetValue(generalImportance);
        var dualForm = parse.GetValue(dual) == "released" ? DualForm.Released : DualForm.Rank;
        if (dualForm == DualForm.Rank && parse.GetValue(lambda) is not null)
            throw new SharpPruneException("--lambda is the released form's knob; with --dual rank, G enters through --alpha");
        ReconstructionSource? reconstruction = parse.GetValue(reconstruct) is { } r ? Enum.Parse<ReconstructionSource>(r, ignoreCase: true) : null;
        if (reconstruction is ReconstructionSource.General or ReconstructionSource.Mixed && parse.GetValue(generalCalib) is null)
            throw new SharpPruneException($"--reconstruct {parse.GetValue(reconstruct)} needs --general-calib");
        var options = new DPrunerOptions
        {
            Sparsity = request.Sparsity ?? throw PruneCommand.MissingSparsity(PruningMethods.DPrunerName),
            GeneralCalibration = new CalibrationSpec(general is null ? Required(generalCalib) : parse.GetValue(generalCalib) ?? "(reused)",
                parse.GetValue(generalField)!, request.Samples, request.SeqLen ?? CalibrationSpec.DefaultSeqLen(context), request.Seed, Filter(generalDocs)),
            Domain = new DomainData(new CalibrationSpec(Required(domainCalib), parse.GetValue(domainField)!, parse.GetValue(domainSamples),
                parse.GetValue(maxLength) ?? Math.Min(1024, context), request.Seed, Filter(domainDocs)),
                parse.GetValue(domainAnswerField) is null ? null : parse.GetValue(domainField), parse.GetValue(domainAnswerField)),
            GeneralSparsity = parse.GetValue(generalSparsity),
            Dual = dualForm,
            Alpha = parse.GetValue(alpha),
            Lambda = parse.GetValue(lambda) ?? 0.1,
            Reconstruct = reconstruction,
            LearningRate = parse.GetValue(lr),
            WarmupFraction = parse.GetValue(warmup),
            Epochs = parse.GetValue(epochs),
            BatchSize = request.BatchSize,
            ClipNorm = parse.GetValue(clip),
            Scoring = parse.GetValue(scoring) == "reference" ? DomainScoring.Reference : DomainScoring.Taylor2,
            ReferenceGradScale = parse.GetValue(gradScale),
            MaskScope = parse.GetValue(maskScope) == "block128" ? MaskScope.Block128 : MaskScope.Matrix,
            Seed = request.Seed,
        };
        long totalTokens = (long)options.Epochs * options.Domain.Text.Samples * options.Domain.Text.SeqLen;
        var dpruner = new DPrunerRequest(request.ModelDir, options)
        {
            Device = request.Device,
            Selection = request.Selection,
            GeneralImportance = general,
            DomainImportance = parse.GetValue(domainImportance),
            WorkDir = parse.GetValue(workDir),
        };
        var result = Progress.Run("D-Pruner", "tokens", totalTokens, request.ForPerson, sink => PruningRun.DPruner(dpruner, request.Output, new DPrunerProgress
        {
            Stage = sink.Describe,
            DomainStep = (step, total, loss, tokens) => { sink.Describe($"stage 2 step {step}/{total} loss {loss:F3}"); sink.Advance(tokens); },
        }));
        return result.Report.Sparsity;
    }
}
