using System.CommandLine;
using System.Text.Json;
using SharpPrune.Training;

namespace SharpPrune.Cli;

/// <summary>
/// <c>sharpprune train</c>: pre-train a new model from a config, or fine-tune a model folder (recovery fine-tuning of a
/// pruned model with --keep-masks). Ctrl+C saves a checkpoint; --resume continues from it.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "model folder to fine-tune" };
        var config = new Option<string?>("--config") { Description = "config.json of a new model to train from scratch (with --tokenizer)" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "folder with tokenizer.json for a model trained from --config" };
        var data = new Option<string[]>("--data") { Description = "training text: FILE[#field=F][#docs=FILTER], or a task's labelled examples FILE#task=NAME|SPEC (loss on the answer only); #examples=N takes N of a source's documents (repeatable); FILE is " + CommandAction.TextSource, Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "output model folder", Required = true };
        var defaults = new TrainingOptions();
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => defaults.Steps };
        var lr = new Option<double>("--lr") { Description = "peak learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var warmup = new Option<int?>("--warmup") { Description = "warm-up steps (default: min(100, steps/10))" };
        var minLr = new Option<double>("--min-lr-ratio") { Description = "final learning rate as a fraction of the peak", DefaultValueFactory = _ => defaults.MinLearningRateRatio };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => defaults.WeightDecay };
        var batch = new Option<int>("--batch") { Description = "sequences per forward", DefaultValueFactory = _ => defaults.BatchSize };
        var accumulate = new Option<int>("--accumulate") { Description = "forwards per optimizer step", DefaultValueFactory = _ => defaults.Accumulate };
        var seqLen = new Option<int>("--seq-len") { DefaultValueFactory = _ => defaults.SeqLen };
        var clip = new Option<double>("--clip") { Description = "gradient-norm clipping", DefaultValueFactory = _ => defaults.ClipNorm };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => defaults.Seed };
        var checkpointEvery = new Option<int>("--checkpoint-every") { DefaultValueFactory = _ => defaults.CheckpointEvery };
        var keepMasks = new Option<bool>("--keep-masks") { Description = "keep the input's zero weights at zero" };
        var wholeDocuments = new Option<bool>("--whole-documents") { Description = "never split a document that fits in one --seq-len window (pad the window's rest, untrained): a task example keeps its whole prompt" };
        var resume = new Option<bool>("--resume") { Description = "continue from the newest checkpoint in OUT.training" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing --out" };
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var command = new Command("train", "Train a model from a config, or fine-tune one (AdamW, warm-up + cosine)")
        {
            model, config, tokenizer, data, output, steps, lr, warmup, minLr, weightDecay, batch, accumulate, seqLen, clip, seed,
            checkpointEvery, keepMasks, wholeDocuments, resume, overwrite, device, json,
        };
        CommandAction.Set(command, parse =>
        {
            if ((parse.GetValue(model) is null) == (parse.GetValue(config) is null))
                throw new SharpPruneException("give exactly one of --model DIR (fine-tune) and --config FILE (new model)");
            var options = new TrainingOptions
            {
                Steps = parse.GetValue(steps), LearningRate = parse.GetValue(lr), WarmupSteps = parse.GetValue(warmup),
                MinLearningRateRatio = parse.GetValue(minLr), WeightDecay = parse.GetValue(weightDecay), BatchSize = parse.GetValue(batch),
                Accumulate = parse.GetValue(accumulate), SeqLen = parse.GetValue(seqLen), ClipNorm = parse.GetValue(clip),
                Seed = parse.GetValue(seed), CheckpointEvery = parse.GetValue(checkpointEvery), KeepMasks = parse.GetValue(keepMasks),
                WholeDocuments = parse.GetValue(wholeDocuments),
            };
            var request = new TrainingRequest(parse.GetValue(model), parse.GetValue(config), parse.GetValue(tokenizer),
                parse.GetValue(data)!.Select(TrainingSource.Parse).ToList(), parse.GetValue(output)!, options,
                parse.GetValue(resume), parse.GetValue(overwrite), CommandAction.ParseDevice(parse.GetValue(device)!));
            bool forPerson = !parse.GetValue(json);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += stop;
            try
            {
                var summary = Progress.Run("training", "steps", options.Steps, forPerson, bar =>
                    TrainingRun.Execute(request,
                        step =>
                        {
                            bar.Advance(1);
                            bar.Describe($"step {step.Step}/{step.TotalSteps} loss {step.Loss:F3} lr {step.LearningRate:G3} {step.TokensPerSecond:N0} tok/s");
                        },
                        line => Console.Error.WriteLine(line), cancel.Token));
                if (summary is null)
                {
                    Console.Error.WriteLine($"interrupted: checkpoint saved in {request.WorkDir}; run the same command with --resume to continue");
                    return 130;
                }
                if (forPerson)
                    Console.WriteLine($"trained {options.Steps} steps ({summary["tokens_trained"]} tokens), final loss {summary["final_loss"]}; wrote {request.Out}");
                else
                    Console.WriteLine(JsonSerializer.Serialize(new { @out = request.Out, steps = options.Steps, final_loss = (double?)summary["final_loss"] }));
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= stop;
            }
        });
        return command;
    }
}
