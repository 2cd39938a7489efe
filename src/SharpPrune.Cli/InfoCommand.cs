using System.CommandLine;
using System.Text.Json;
using SharpPrune.Models;
using Spectre.Console;

namespace SharpPrune.Cli;

/// <summary><c>sharpprune info</c>: architecture, size, dtype and per-matrix sparsity of a model folder.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var model = CommandAction.ModelOption();
        var json = CommandAction.JsonOption();
        var command = new Command("info", "Show a model's architecture, parameter count, dtype and per-matrix sparsity") { model, json };
        CommandAction.Set(command, parse =>
        {
            using var lm = CausalLM.Load(parse.GetValue(model)!);
            var summary = ModelSummary.Of(lm);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(summary, JsonOutput.Options));
            else Print(summary);
            return 0;
        });
        return command;
    }

    static void Print(ModelSummary s)
    {
        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("model type", s.ModelType);
        facts.AddRow("layers × hidden", $"{s.Layers} × {s.HiddenSize}");
        facts.AddRow("heads (kv)", string.Join(", ", s.Heads.Zip(s.KvHeads, (q, kv) => $"{q} ({kv})").Distinct()));
        facts.AddRow("MLP width", string.Join(", ", s.IntermediateSizes.Distinct()));
        facts.AddRow("parameters", $"{s.Parameters:N0}");
        facts.AddRow("dtype", s.Dtype);
        facts.AddRow("sparsity of layer linears", $"{s.LinearSparsity:P2}");
        AnsiConsole.Write(facts);
        var table = new Table().AddColumns("matrix", "shape", "zeros");
        foreach (var m in s.Matrices) table.AddRow(Markup.Escape(m.Name), $"{m.Shape[0]} × {m.Shape[1]}", $"{m.Sparsity:P2}");
        AnsiConsole.Write(table);
    }
}
