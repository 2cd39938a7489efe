namespace SharpPrune.Pruning.DPruner;

/// <summary>How stage 2 turns a refined gradient g′ and a weight W into the domain score increment.</summary>
public enum DomainScoring
{
    /// <summary>|g′W + ½(g′W)²|: second-order Taylor estimate of the loss change from removing W (Fisher Hessian).</summary>
    Taylor2,
    /// <summary>The released code's |g′W + (g′W)²/2000 + W³| on gradients carrying the fp16 loss scale.</summary>
    Reference,
}
