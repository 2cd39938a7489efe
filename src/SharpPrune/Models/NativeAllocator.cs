using System.Runtime.InteropServices;

namespace SharpPrune.Models;

/// <summary>
/// libtorch's CPU tensors come from glibc malloc. Its default mmap threshold rises to the size of
/// each large block freed (up to 32 MB), after which activation-sized buffers (1–30 MB) are carved
/// from the heap and the freed ones are not returned: a 100M-parameter model's resident memory grew
/// by ~450 MB per forward pass and never came back (measured, bench/RESULTS.md). A fixed threshold
/// sends every block of 4 MB or more to mmap, returned to the system when freed.
/// </summary>
internal static class NativeAllocator
{
    const int MmapThreshold = -3; // M_MMAP_THRESHOLD in malloc.h
    static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(MmapThreshold, 4 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has no such knob and no such growth.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);
}
