using SharpPrune.Comparison;
using SharpPrune.Data;
using SharpPrune.Models;
using SharpPrune.Pruning;
using SharpPrune.Tasks;
using SharpPrune.Text;
using TorchSharp;

using var model = CausalLM.Load("../shared/models/stories260K");   // or Load(dir, torch.CUDA)
var tokenizer = TextTokenizer.Load("../shared/models/stories260K");
var logits = model.forward(torch.tensor(tokenizer.Encode("Once upon a time").Select(i => (long)i).ToArray()).unsqueeze(0));
model.Save("out/model");                                              // same names, dtypes, shards

var task = TaskCatalog.LoadChoice("pubmedqa", TaskSplit.Test);        // SharpPrune.Tasks
var result = task.Evaluate(new LogLikelihoodScorer(model, tokenizer));
Console.WriteLine($"{result.Metrics(ScoreConvention.Acc)!.Accuracy:P1}, {result.CutCount} prompts cut");

var pruned = PruningRun.Walker(
    new WalkerPruningRequest("../shared/models/stories260K", "wanda", Sparsity: 0.5)
    {
        Calibration = "../shared/data/general/brown.jsonl", CalibrationDocs = DocumentFilter.Parse("0:0.8"), Samples = 32, SeqLen = 256,
    },
    new PruningOutput("out/stories260K-wanda-50", Overwrite: true));
Console.WriteLine($"{pruned.Report.Sparsity:P2} zeros");

var suite = ComparisonSuite.Read("bench/suites/stories260K.json");
var results = new ComparisonRunner(suite, new CellCache("out/cmp.cache")).Run(["../shared/models/stories260K", "out/stories260K-wanda-50"]);
ComparisonReport.Write("out/cmp", suite, results, overwrite: true);
