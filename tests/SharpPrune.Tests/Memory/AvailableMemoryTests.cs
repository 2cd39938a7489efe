using SharpPrune.Memory;
using SharpPrune.Tests.IO;

namespace SharpPrune.Tests.Memory;

/// <summary>AvailableMemory on fake /proc and cgroup trees, v2 and v1.</summary>
public sealed class AvailableMemoryTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    string Write(string relative, string contents)
    {
        string path = Path.Combine(temp.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    string Proc => Path.Combine(temp.Path, "proc");
    string Cgroup => Path.Combine(temp.Path, "cgroup");

    [Fact]
    public void WithoutACgroupLimitItIsMemAvailable()
    {
        Write("proc/meminfo", "MemTotal:       24000000 kB\nMemAvailable:   21799136 kB\n");
        Write("proc/self/cgroup", "0::/\n");
        Write("cgroup/memory.max", "max\n");
        Assert.Equal(21_799_136.0 * 1024, AvailableMemory.Read(Proc, Cgroup));
    }

    [Fact]
    public void AV2LimitLessWhatTheCgroupHoldsBeyondReclaimableCacheWinsWhenLower()
    {
        Write("proc/meminfo", "MemAvailable:   21799136 kB\n");
        Write("proc/self/cgroup", "0::/jobs/run1\n");
        Write("cgroup/jobs/run1/memory.max", "max\n");
        Write("cgroup/jobs/memory.max", "8000000000\n");
        Write("cgroup/jobs/memory.current", "3000000000\n");
        Write("cgroup/jobs/memory.stat", "anon 2000000000\ninactive_file 1000000000\n");
        // 8 GB − (3 GB used − 1 GB reclaimable)
        Assert.Equal(6e9, AvailableMemory.Read(Proc, Cgroup));
    }

    [Fact]
    public void AV1MemoryCgroupLimitCountsAndItsUnlimitedValueDoesNot()
    {
        Write("proc/meminfo", "MemAvailable:   21799136 kB\n");
        Write("proc/self/cgroup", "9:name=systemd:/\n4:memory:/process_api/abc\n0::/\n");
        Write("cgroup/memory/process_api/abc/memory.limit_in_bytes", "9223372036854771712\n");
        Write("cgroup/memory/process_api/memory.limit_in_bytes", "4000000000\n");
        Write("cgroup/memory/process_api/memory.usage_in_bytes", "1500000000\n");
        Write("cgroup/memory/process_api/memory.stat", "inactive_file 1\ntotal_inactive_file 500000000\n");
        Assert.Equal(3e9, AvailableMemory.Read(Proc, Cgroup));
    }

    [Fact]
    public void NothingReadableIsUnknown()
    {
        Assert.Null(AvailableMemory.Read(Proc, Cgroup));
    }

    [Fact]
    public void ThisMachineReportsSomethingPositive()
    {
        Assert.True(AvailableMemory.Read() > 0);
    }
}
