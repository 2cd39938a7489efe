using System.Text.Json;
using System.Text.Json.Nodes;
using SharpPrune.Calibration;
using SharpPrune.Data;
using SharpPrune.IO;
using SharpPrune.Models;
using SharpPrune.Text;

namespace SharpPrune.Training;

/// <summary>
/// Runs a <see cref="TrainingRequest"/> end to end: model and data, resuming from the work folder's newest
/// checkpoint when asked, training, and the output model folder with training.json (recipe and summary) and
/// training_log.jsonl — written all or nothing, after which the checkpoints are removed.
/// </summary>
public static class TrainingRun
{
    public const string LogFile = "training_log.jsonl";

    /// <summary>Returns the summary written to training.json, or null when cancelled (the checkpoint stays for --resume).</summary>
    public static JsonObject? Execute(TrainingRequest request, Action<TrainingStep>? onStep, Action<string>? say, CancellationToken cancel)
    {
        string?[] inputs = [request.ModelDir, request.ConfigPath, request.TokenizerDir, .. request.Data.SelectMany(d => new[] { d.Path, d.Filter?.IdFile })];
        OutputPaths.CheckApart(request.Out, "--out", inputs);
        OutputPaths.CheckApart(request.WorkDir, "--out", inputs);
        if (Directory.Exists(request.Out) && !request.Overwrite)
            throw SharpPruneException.InFile(request.Out, "already exists; pass --overwrite to replace it");
        string sourceDir = request.ModelDir ?? request.TokenizerDir
            ?? throw new SharpPruneException("--config needs --tokenizer DIR (the folder holding tokenizer.json)");
        var tokenizer = TextTokenizer.Load(sourceDir);
        var config = request.ModelDir is { } dir ? ModelConfigReader.Read(Path.Combine(dir, "config.json")) : ModelConfigReader.Read(request.ConfigPath!);
        if (tokenizer.VocabSize > config.VocabSize)
            throw SharpPruneException.InFile(request.ConfigPath ?? request.ModelDir!, $"vocab_size {config.VocabSize} is smaller than the tokenizer's {tokenizer.VocabSize} tokens");
        request.Options.Validate(config.MaxPositions);

        var mix = TrainingMix.Read(request.Data, tokenizer, request.Options.SeqLen, request.Options.Seed);
        var data = new TokenWindows(mix.Documents, tokenizer, request.Options.SeqLen, request.Options.Seed, request.Options.WholeDocuments);
        say?.Invoke($"training data: {data.TotalTokens:N0} tokens ({data.LossTokens:N0} with loss), {data.Count:N0} windows of {request.Options.SeqLen} + 1"
            + (request.Options.WholeDocuments ? $", {data.PaddedTokens:N0} of them padding" : ""));
        string recipe = Recipe(request);
        string work = request.WorkDir;
        string? latest = TrainingCheckpoint.Latest(work);
        if (latest is not null && !request.Resume)
            throw SharpPruneException.InFile(work, "holds checkpoints of an earlier run of this output; pass --resume to continue it, or delete the folder");

        var (model, firstStep) = latest is not null ? TrainingCheckpoint.Load(latest, recipe, request.Device)
            : (request.ModelDir is { } input ? CausalLM.Load(input, request.Device) : CausalLM.CreateRandom(config, request.Options.Seed, device: request.Device), 0);
        using var _ = model;
        // Output companions (tokenizer, generation config) come from the input model, not from a checkpoint folder.
        model.SourceDirectory = request.ModelDir is { } m ? Path.GetFullPath(m) : null;
        using var optimizer = new AdamW(model.named_parameters().Select(p => (p.name, p.parameter)), request.Options.WeightDecay);
        if (latest is not null)
        {
            optimizer.Load(Path.Combine(latest, "optimizer.safetensors"));
            say?.Invoke($"resuming from {latest} (step {firstStep})");
        }

        Directory.CreateDirectory(work);
        var log = new TrainingLog(Path.Combine(work, LogFile), firstStep);
        var trainer = new Trainer(model, data, request.Options)
        {
            OnStep = step =>
            {
                if (step.Step % request.Options.LogEvery == 0 || step.Step == step.TotalSteps) log.Append(step);
                onStep?.Invoke(step);
            },
        };
        bool finished = trainer.Run(optimizer, firstStep, step => TrainingCheckpoint.Save(work, model, optimizer, step, recipe), cancel);
        if (!finished) return null;

        var summary = Summary(request, recipe, data, mix, log);
        model.Save(request.Out, request.Overwrite, staging =>
        {
            if (request.ModelDir is null) CopyTokenizerFiles(request.TokenizerDir!, staging);
            // A model that was itself trained here carries its own log and record; this run's replace them.
            File.Copy(log.Path, Path.Combine(staging, LogFile), overwrite: true);
            File.WriteAllText(Path.Combine(staging, "training.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        });
        Directory.Delete(work, recursive: true);
        return summary;
    }

    static void CopyTokenizerFiles(string tokenizerDir, string target)
    {
        foreach (var name in new[] { "tokenizer.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json" })
            if (File.Exists(Path.Combine(tokenizerDir, name))) File.Copy(Path.Combine(tokenizerDir, name), Path.Combine(target, name));
    }

    /// <summary>Everything that determines the weights, so a checkpoint is only resumed by the run that wrote it.</summary>
    static string Recipe(TrainingRequest request)
    {
        var o = request.Options;
        var recipe = new JsonObject
        {
            ["model"] = request.ModelDir is { } m ? Path.GetFullPath(m) : null,
            ["config"] = request.ConfigPath is { } c ? FileHash.Sha256(c) : null,
            ["data"] = new JsonArray(request.Data.Select(s => (JsonNode)new JsonObject { ["source"] = s.ToString(), ["sha256"] = FileHash.Sha256(s.Path) }).ToArray()),
            ["steps"] = o.Steps, ["lr"] = o.LearningRate, ["warmup"] = o.Warmup, ["min_lr_ratio"] = o.MinLearningRateRatio,
            ["weight_decay"] = o.WeightDecay, ["batch"] = o.BatchSize, ["accumulate"] = o.Accumulate, ["seq_len"] = o.SeqLen,
            ["clip"] = o.ClipNorm, ["seed"] = o.Seed, ["keep_masks"] = o.KeepMasks,
        };
        // Only when set, so the recipes of runs made before the option read as they did.
        if (o.WholeDocuments) recipe["whole_documents"] = true;
        return recipe.ToJsonString();
    }

    static JsonObject Summary(TrainingRequest request, string recipe, TokenWindows data, TrainingMix mix, TrainingLog log) => new()
    {
        ["recipe"] = JsonNode.Parse(recipe),
        ["data_tokens"] = data.TotalTokens,
        ["loss_tokens"] = data.LossTokens,
        ["padded_tokens"] = data.PaddedTokens,
        ["mix"] = mix.Summary,
        ["tokens_trained"] = (long)request.Options.Steps * request.Options.BatchSize * request.Options.Accumulate * request.Options.SeqLen,
        ["epochs"] = (double)request.Options.Steps * request.Options.BatchSize * request.Options.Accumulate / data.Count,
        ["final_loss"] = log.LastLoss,
    };
}
