using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using SharpPrune.Comparison;
using SharpPrune.Tasks;
using Spectre.Console;

namespace SharpPrune.Cli;

/// <summary>
/// <c>sharpprune compare</c>: several models over one suite of perplexity sets and tasks, written as a report folder
/// (results.json, results.md, report.html and figures). Finished cells are cached, so a rerun resumes.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--models") { Description = "model folders to compare (dense and pruned variants)", Required = true, AllowMultipleArgumentsPerToken = true };
        var suite = new Option<string>("--suite") { Description = "suite file: perplexity sets and tasks (JSON)", Required = true };
        var output = new Option<string>("--out") { Description = "report folder", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing --out" };
        var cache = new Option<string?>("--cache") { Description = "folder of finished cells (default: the report folder + .cache)" };
        var score = EvalCommand.ScoreOption("the convention the tasks' accuracy and F1 columns show");
        var stream = CommandAction.StreamOption("measure each model layer-major (perplexity windows and task examples), reading");
        var device = CommandAction.DeviceOption();
        var json = CommandAction.JsonOption();
        var command = new Command("compare", "Measure several models on a suite and write a report") { models, suite, output, overwrite, cache, score, stream, device, json };
        CommandAction.Set(command, parse =>
        {
            var watch = Stopwatch.StartNew();
            string outDir = Path.GetFullPath(parse.GetValue(output)!.TrimEnd('/', '\\'));
            // Refused before measuring anything, not after an hour of work.
            if (Directory.Exists(outDir) && !parse.GetValue(overwrite))
                throw SharpPruneException.InFile(outDir, "already exists (use --overwrite to replace it)");
            var convention = ScoreConventions.Parse(parse.GetValue(score)!, "--score");
            var definition = ComparisonSuite.Read(parse.GetValue(suite)!);
            var dirs = parse.GetValue(models)!;
            string cacheDir = parse.GetValue(cache) ?? outDir + ".cache";
            ComparisonReport.CheckOutput(outDir, cacheDir, definition, dirs);
            bool forPerson = !parse.GetValue(json);
            var cells = new CellCache(cacheDir);
            var results = Progress.Run("compare", "cells", (long)dirs.Length * definition.CellCount, forPerson, progress =>
                new ComparisonRunner(definition, cells)
                {
                    Device = CommandAction.ParseDevice(parse.GetValue(device)!),
                    Stream = CommandAction.ParseStream(parse.GetValue(stream)!),
                    Score = convention,
                    OnCellStarted = progress.Describe,
                    OnCellFinished = _ => progress.Advance(1),
                }.Run(dirs));
            ComparisonReport.Write(outDir, definition, results, parse.GetValue(overwrite));
            if (!forPerson)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { @out = outDir, models = results.Models.Count, cells = results.Cells, cached = results.Cached }));
                return 0;
            }
            Print(ComparisonTable.Of(results));
            Console.WriteLine($"{results.Cells} cells ({results.Cached} from {cells.Directory}) in {watch.Elapsed.TotalSeconds:F1} s → {Path.Combine(outDir, ComparisonReport.Html)}");
            return 0;
        });
        return command;
    }

    /// <summary>The table turned on its side, a column per model: a suite has more measurements than a terminal has room for columns.</summary>
    static void Print(ComparisonTable table)
    {
        var grid = new Table().AddColumn("");
        for (int r = 0; r < table.Rows; r++)
            grid.AddColumn(new TableColumn(Markup.Escape(table.Columns[0].Cells[r])) { Alignment = Justify.Right });
        foreach (var c in table.Columns.Skip(1))
            grid.AddRow([Markup.Escape(c.Title), .. c.Cells.Select((text, r) => c.Best[r] ? $"[bold green]{Markup.Escape(text)}[/]" : Markup.Escape(text))]);
        AnsiConsole.Write(grid);
    }
}
