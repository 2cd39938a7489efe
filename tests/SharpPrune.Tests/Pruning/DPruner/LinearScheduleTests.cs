using SharpPrune.Pruning.DPruner;

namespace SharpPrune.Tests.Pruning.DPruner;

public sealed class LinearScheduleTests
{
    [Fact]
    public void FollowsTheReleasedLomoSchedule()
    {
        // The released trainer: global_step = 1 … T, progress = step / T, lr · progress / warmup during warm-up and
        // lr · (progress − 1) / (warmup − 1) after. T = 80, warm-up 0.1, lr 0.03, written out by hand:
        var schedule = new LinearSchedule(0.03, 80, 0.1);
        Assert.Equal(0.03 * (1 / 80.0) / 0.1, schedule.At(0), 15);  // not 0: the released count starts at 1
        Assert.Equal(0.03 * (7 / 80.0) / 0.1, schedule.At(6), 15);
        Assert.Equal(0.03, schedule.At(7), 15);                     // progress 8/80 is the end of warm-up
        Assert.Equal(0.03 * (1 - 9 / 80.0) / 0.9, schedule.At(8), 15);
        Assert.Equal(0.03 * (1 - 79 / 80.0) / 0.9, schedule.At(78), 15);
        Assert.Equal(0, schedule.At(79));                           // the last step updates nothing
        // No warm-up, one step: progress 1 / max(2, T) = ½.
        Assert.Equal(0.015, new LinearSchedule(0.03, 1, 0).At(0), 15);
    }
}
