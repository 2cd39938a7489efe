using System.CommandLine;
using SharpPrune.Memory;
using SharpPrune.Models;
using static TorchSharp.torch;

namespace SharpPrune.Cli;

/// <summary>
/// Runs a command body so that a user error is one line on stderr with exit code 2, never a
/// stack trace. Anything else that escapes is a bug and keeps its trace.
/// </summary>
internal static class CommandAction
{
    public const int UserError = 2;

    public static void Set(Command command, Func<ParseResult, int> body) =>
        command.SetAction(parse =>
        {
            try
            {
                return body(parse);
            }
            catch (SharpPruneException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return UserError;
            }
        });

    /// <summary>What a text file may be, as the README's Text sources says.</summary>
    public const string TextSource = "JSON lines (.jsonl, or a .txt whose first line is a JSON object), a .json object of records keyed by id " +
        "(as PubMedQA ships), or one plain-text document";

    public static Option<string> ModelOption() => new("--model") { Description = "Hugging Face model folder", Required = true };

    public static Option<string> DeviceOption() =>
        new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda");

    public static Option<bool> JsonOption() => new("--json") { Description = "machine-readable output: the last stdout line is a JSON object" };

    public static Option<bool> ForceOption() => new("--force") { Description = "run even when the estimated peak memory exceeds the memory available" };

    public static Option<string> StreamOption(string what) =>
        new Option<string>("--stream")
        {
            Description = $"auto | always | never: {what} the decoder layers one at a time from the memory-mapped checkpoint (auto: only when the " +
                "memory estimate says the model held in memory would not fit)",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "always", "never");

    public static StreamMode ParseStream(string name) => Enum.Parse<StreamMode>(name, ignoreCase: true);

    public static Device ParseDevice(string name)
    {
        if (name == "cuda" && !cuda.is_available())
            throw new SharpPruneException("--device cuda: no CUDA device is available to this TorchSharp build");
        return device(name);
    }

    public static CausalLM LoadModel(string directory, string deviceName) => CausalLM.Load(directory, ParseDevice(deviceName));
}
