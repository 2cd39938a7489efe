using System.CommandLine;
using System.Text.Json;
using SharpPrune.Text;
using SharpPrune.Training;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune fit-tokenizer</c>: a byte-level BPE vocabulary fitted on training text, saved as tokenizer.json.</summary>
internal static class FitTokenizerCommand
{
    const string EndOfText = "<|endoftext|>";

    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "text: FILE[#field=F][#docs=FILTER] (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "tokens in all, " + EndOfText + " and the 256 bytes included", DefaultValueFactory = _ => 4096 };
        var maxLength = new Option<int>("--model-max-length") { Description = "context length written to tokenizer_config.json", DefaultValueFactory = _ => 512 };
        var output = new Option<string>("--out") { Description = "folder for tokenizer.json and tokenizer_config.json", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing --out" };
        var json = CommandAction.JsonOption();
        var command = new Command("fit-tokenizer", "Fit a byte-level BPE tokenizer (GPT-2 style) on text") { data, vocabSize, maxLength, output, overwrite, json };
        CommandAction.Set(command, parse =>
        {
            string outDir = parse.GetValue(output)!;
            if (Directory.Exists(outDir) && !parse.GetValue(overwrite))
                throw SharpPruneException.InFile(outDir, "already exists (use --overwrite to replace it)");
            var documents = parse.GetValue(data)!.Select(TrainingSource.Parse).SelectMany(s => s.ReadDocuments());
            var vocabulary = BpeTrainer.Fit(documents, parse.GetValue(vocabSize), [EndOfText]);
            vocabulary.Save(outDir, parse.GetValue(overwrite), parse.GetValue(maxLength));
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { @out = outDir, vocab_size = vocabulary.Tokens.Count, merges = vocabulary.Merges.Count }));
            else
                Console.WriteLine($"{vocabulary.Tokens.Count} tokens ({vocabulary.Merges.Count} merges) written to {outDir}");
            return 0;
        });
        return command;
    }
}
