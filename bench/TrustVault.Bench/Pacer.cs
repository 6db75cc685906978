using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TrustVault.Bench;

/// <summary>
/// Starts work on a fixed schedule from a thread of its own that sleeps with nanosleep until each start: it wakes
/// tens of microseconds late where timers and Task.Delay wake a millisecond or more late, and it burns no core
/// spinning, which the proxies under test would feel.
/// </summary>
internal static partial class Pacer
{
    /// <summary>Calls <paramref name="start"/> with each index and its scheduled Stopwatch timestamp, <paramref name="rate"/> times a second from <paramref name="origin"/>; completes after the last call.</summary>
    public static Task RunAsync(int count, int rate, long origin, Action<int, long> start)
    {
        var interval = Stopwatch.Frequency / (double)rate;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var scheduled = origin + (long)(i * interval);
                SleepUntil(scheduled);
                start(i, scheduled);
            }

            done.SetResult();
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.AboveNormal,
            Name = "Pacer",
        };
        thread.Start();
        return done.Task;
    }

    // A sleep a signal interrupts returns early: sleep again for what is left.
    private static void SleepUntil(long timestamp)
    {
        TimeSpan remaining;
        while ((remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp)) > TimeSpan.Zero)
        {
            var request = new Timespec { Seconds = (long)remaining.TotalSeconds, Nanoseconds = remaining.Ticks % TimeSpan.TicksPerSecond * 100 };
            NanoSleep(ref request, IntPtr.Zero);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref Timespec request, IntPtr remaining);
}
