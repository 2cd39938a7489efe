using SharpPrune.Text;
using SharpPrune.Training;

namespace SharpPrune.Bench;

/// <summary>
/// The floor a trained model must clear: perplexity of an add-one-smoothed unigram model fitted on the training
/// sources and scored on held-out sets with the model's own tokenizer (each document's first token unscored, as
/// <c>sharpprune ppl</c> does). Usage: <c>unigram MODEL_DIR --train SOURCE... --eval NAME=SOURCE...</c>.
/// </summary>
public static class UnigramBaseline
{
    public static void Run(string[] args)
    {
        var tokenizer = TextTokenizer.Load(args[0]);
        var train = Values(args, "--train").Select(TrainingSource.Parse).ToList();
        var counts = new long[tokenizer.VocabSize];
        long total = 0;
        foreach (var document in train.SelectMany(s => s.ReadDocuments()))
        {
            foreach (int id in tokenizer.Encode(document)) { counts[id]++; total++; }
            counts[tokenizer.EosId!.Value]++;
            total++;
        }
        Console.WriteLine("| held-out set | tokens scored | unigram ppl |");
        Console.WriteLine("|---|---|---|");
        foreach (var spec in Values(args, "--eval"))
        {
            var (name, source) = (spec[..spec.IndexOf('=')], TrainingSource.Parse(spec[(spec.IndexOf('=') + 1)..]));
            double nll = 0;
            long scored = 0;
            foreach (var document in source.ReadDocuments())
                foreach (int id in tokenizer.Encode(document).Skip(1))
                {
                    nll -= Math.Log((counts[id] + 1.0) / (total + counts.Length));
                    scored++;
                }
            Console.WriteLine($"| {name} | {scored:N0} | {Math.Exp(nll / scored):F1} |");
        }
    }

    static IEnumerable<string> Values(string[] args, string flag) =>
        args.SkipWhile(a => a != flag).Skip(1).TakeWhile(a => !a.StartsWith("--"));
}
