using System.CommandLine;
using SharpPrune.Generation;
using SharpPrune.Text;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune generate</c>: prints only the continuation of the prompt (from BOS when empty).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var prompt = new Option<string>("--prompt") { Description = "text to continue; empty starts from BOS", DefaultValueFactory = _ => "" };
        var maxNew = new Option<int>("--max-new-tokens") { DefaultValueFactory = _ => 256 };
        var temperature = new Option<double>("--temperature") { Description = "0 = greedy", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var device = CommandAction.DeviceOption();
        var command = new Command("generate", "Continue a prompt with the model") { model, prompt, maxNew, temperature, topP, seed, device };
        CommandAction.Set(command, parse =>
        {
            var options = new SamplingOptions(parse.GetValue(maxNew), parse.GetValue(temperature), parse.GetValue(topP), parse.GetValue(seed));
            options.Validate();
            string dir = parse.GetValue(model)!;
            using var lm = CommandAction.LoadModel(dir, parse.GetValue(device)!);
            var tokenizer = TextTokenizer.Load(dir);
            var ids = tokenizer.Encode(parse.GetValue(prompt)!).ToList();
            if (ids.Count == 0)
                throw new SharpPruneException($"{dir}: the tokenizer adds no BOS token, so an empty --prompt gives nothing to continue");
            var generated = TextGenerator.Generate(lm, ids, options, tokenizer.EosIds);
            Console.WriteLine(tokenizer.Decode(generated));
            return 0;
        });
        return command;
    }
}
