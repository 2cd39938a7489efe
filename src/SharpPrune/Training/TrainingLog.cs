using System.Globalization;
using System.Text.Json;

namespace SharpPrune.Training;

/// <summary>
/// The run's JSON-lines log (step, loss, gradient norm, learning rate, tokens/s). A resumed run first drops the
/// lines past its checkpoint, so the log reads as one uninterrupted run.
/// </summary>
public sealed class TrainingLog
{
    public TrainingLog(string path, int resumedAt)
    {
        Path = path;
        var kept = File.Exists(path)
            ? File.ReadAllLines(path).Where(line => StepOf(line) is { } step && step <= resumedAt).ToList()
            : [];
        File.WriteAllLines(path, kept);
        LastLoss = kept.Count > 0 ? JsonDocument.Parse(kept[^1]).RootElement.GetProperty("loss").GetDouble() : null;
    }

    public string Path { get; }

    public double? LastLoss { get; private set; }

    public void Append(TrainingStep step)
    {
        File.AppendAllText(Path, JsonSerializer.Serialize(new
        {
            step = step.Step, loss = step.Loss, grad_norm = step.GradientNorm, lr = step.LearningRate,
            tokens_per_s = Math.Round(step.TokensPerSecond, 1), time = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        }) + "\n");
        LastLoss = step.Loss;
    }

    // A line cut short by a kill is dropped, not an error.
    static int? StepOf(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.GetProperty("step").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
