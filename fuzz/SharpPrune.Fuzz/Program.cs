using System.Globalization;
using SharpPrune.Fuzz;
using SharpPrune.Fuzz.Targets;

// dotnet run --project fuzz/SharpPrune.Fuzz -c Release -- <target|all> --seconds N --seed S
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine($"usage: SharpPrune.Fuzz <{string.Join("|", FuzzTargets.All.Select(t => t.Name))}|all> [--seconds N] [--seed S]");
    Console.WriteLine("       SharpPrune.Fuzz replay <target> <input file>");
    return 2;
}
if (args is ["replay", var name, var file])
{
    // One saved input, with the full exception: for debugging a crash the campaign reported.
    var outcome = FuzzExecutor.Execute(FuzzTargets.ByName(name), File.ReadAllBytes(file), Directory.CreateTempSubdirectory("sharpprune-replay-").FullName);
    Console.WriteLine($"{outcome.Describe()}\n{outcome.Error}");
    return outcome.IsBug ? 1 : 0;
}
var seconds = Option("--seconds", 60);
var seed = Option("--seed", 1);
var targets = args[0] == "all" ? FuzzTargets.All : [FuzzTargets.ByName(args[0])];
var results = targets.Select(t => Campaign.Run(t, TimeSpan.FromSeconds(seconds), seed)).ToList();

Console.WriteLine();
Console.WriteLine("| target | seconds | executions | exec/s | accepted | rejected | crashes | hangs | big allocations |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    var rate = r.Executions / r.Elapsed.TotalSeconds;
    Console.WriteLine($"| {r.Target} | {r.Elapsed.TotalSeconds:0} | {r.Executions} | {rate:0} | {r.Accepted} | {r.Rejected} | {r.Crashes} | {r.Hangs} | {r.BigAllocations} |");
}
return results.Any(r => r.Crashes + r.Hangs + r.BigAllocations > 0) ? 1 : 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
