using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// A fixed 64-bit hash of a cell's text, the same in every process (unlike <see cref="string.GetHashCode()"/>),
/// so sketches built on it are reproducible. Eight bytes at a time are mixed in by multiply–rotate rounds
/// and the result goes through MurmurHash3's 64-bit finaliser (Appleby), whose avalanche makes every
/// output bit depend on every input bit: HyperLogLog reads the top bits, the heavy-hitter table the low ones.
/// </summary>
public static class ValueHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;

    public static ulong Of(ReadOnlySpan<char> value)
    {
        var bytes = MemoryMarshal.AsBytes(value);
        var hash = Prime3 ^ ((ulong)bytes.Length * Prime1);
        while (bytes.Length >= 8)
        {
            hash = (BitOperations.RotateLeft(hash ^ Round(BinaryPrimitives.ReadUInt64LittleEndian(bytes)), 27) * Prime1) + Prime2;
            bytes = bytes[8..];
        }

        if (bytes.Length > 0)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            bytes.CopyTo(tail);
            hash = (BitOperations.RotateLeft(hash ^ Round(BinaryPrimitives.ReadUInt64LittleEndian(tail)), 27) * Prime1) + Prime2;
        }

        return Finalise(hash);
    }

    private static ulong Round(ulong lane) => BitOperations.RotateLeft(lane * Prime2, 31) * Prime1;

    private static ulong Finalise(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
