using SharpPrune.Bench;

// Benchmarks print their figures as Markdown; copy the ones a claim relies on into bench/RESULTS.md.
string which = args.Length > 0 ? args[0] : "forward";
switch (which)
{
    case "forward":
        ForwardBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "forward-profile":
        ForwardProfile.Run(args.Skip(1).ToArray());
        return 0;
    case "estimate":
        EstimateBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "windows-corpus":
        WindowsCorpus.Run(args.Skip(1).ToArray());
        return 0;
    case "memory":
        MemoryBenchmark.Run();
        return 0;
    case "dpruner":
        DPrunerBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "stage2":
        Stage2SpeedBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "mask-jaccard":
        MaskJaccard.Run(args.Skip(1).ToArray());
        return 0;
    case "tradeoff-figure":
        TradeoffFigure.Run(args.Skip(1).ToArray());
        return 0;
    case "unigram":
        UnigramBaseline.Run(args.Skip(1).ToArray());
        return 0;
    case "gguf-ppl":
        GgufPerplexity.Run(args.Skip(1).ToArray());
        return 0;
    case "prune":
        PruneBenchmark.Run(args.Skip(1).ToArray());
        return 0;
    case "generate-model":
        RandomCheckpoint.Run(args.Skip(1).ToArray());
        return 0;
    case "nlu-grid":
        NluAttributionGrid.Run(args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{which}' (available: forward, forward-profile, estimate, windows-corpus, prune, memory, dpruner, stage2, mask-jaccard, tradeoff-figure, unigram, gguf-ppl, nlu-grid, generate-model)");
        return 2;
}
