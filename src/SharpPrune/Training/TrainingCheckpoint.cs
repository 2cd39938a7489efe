using System.Text.Json;
using SharpPrune.IO;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Training;

/// <summary>
/// A resumable point of a training run: <c>step-N/</c> in the run's work folder, holding the model as a normal
/// model folder (<c>model/</c>), the optimizer state (<c>optimizer.safetensors</c>) and <c>state.json</c> (step and
/// the recipe it belongs to). Written all or nothing; only the newest is kept.
/// </summary>
public static class TrainingCheckpoint
{
    const string Prefix = "step-";

    public static void Save(string workDir, CausalLM model, AdamW optimizer, int step, string recipe)
    {
        string path = Path.Combine(workDir, Prefix + step.ToString("D7"));
        using (var staging = AtomicDirectory.Begin(path, overwrite: true))
        {
            model.Save(Path.Combine(staging.Path, "model"));
            optimizer.Save(Path.Combine(staging.Path, "optimizer.safetensors"));
            File.WriteAllText(Path.Combine(staging.Path, "state.json"), JsonSerializer.Serialize(new State(step, recipe)));
            staging.Commit();
        }
        foreach (var older in Directory.GetDirectories(workDir, Prefix + "*").Where(d => Path.GetFileName(d) != Path.GetFileName(path)))
            Directory.Delete(older, recursive: true);
    }

    /// <summary>The newest complete checkpoint in the work folder, if any (staging folders of a killed save are not).</summary>
    public static string? Latest(string workDir) => !Directory.Exists(workDir) ? null
        : Directory.GetDirectories(workDir, Prefix + "*")
            .Where(d => Path.GetFileName(d).Length == Prefix.Length + 7 && File.Exists(Path.Combine(d, "state.json")))
            .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault();

    /// <summary>Loads the model and the step; refuses a checkpoint written for a different recipe.</summary>
    public static (CausalLM Model, int Step) Load(string path, string recipe, Device device)
    {
        var state = JsonSerializer.Deserialize<State>(File.ReadAllText(Path.Combine(path, "state.json")))
            ?? throw SharpPruneException.InFile(Path.Combine(path, "state.json"), "empty");
        if (state.Recipe != recipe)
            throw SharpPruneException.InFile(path, "was written by a run with other settings or data; resume with the same command, or delete the folder to start over");
        return (CausalLM.Load(Path.Combine(path, "model"), device), state.Step);
    }

    sealed record State(int Step, string Recipe);
}
