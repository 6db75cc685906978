using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TrustVault.Core.Metering;

/// <summary>
/// The layout of a usage journal file (<see cref="UsageJournal"/>): records, each a little-endian payload length, the
/// payload's CRC-32 and the payload. The first record names the store the events belong to; each later one is one batch
/// of events, appended before its callers were answered. A record cut short or not matching its CRC is where a killed
/// process stopped writing: it and whatever follows are dropped, as none of its callers had been answered. The header's
/// magic names the layout of the events: a journal left by an older version is still imported after an upgrade.
/// </summary>
internal static class UsageJournalFile
{
    public const string Extension = ".journal";

    private const int RecordHeaderLength = 8;

    // An event's fixed fields take about 90 bytes, its request id, method and route the rest.
    private const int EventBytesHint = 192;

    // Far above a full batch (UsageRecorder.MaxQueued events of a few hundred bytes): a longer length is a torn header.
    private const int MaxPayloadLength = 256 << 20;

    private static readonly byte[] Magic = "TrustVault usage journal 2\n"u8.ToArray();

    // Version 1 had no IsGatewayRefusal: its events are judged by the rule of that version, by their status alone.
    private static readonly byte[] MagicBeforeGatewayRefusals = "TrustVault usage journal 1\n"u8.ToArray();

    /// <summary>The first record: which store the file's events go to, so a directory shared by mistake mixes no stores.</summary>
    public static byte[] Header(string store) => Record(store, 256, static (writer, store) =>
    {
        writer.Write(Magic);
        writer.Write(store);
    });

    /// <summary>One batch of events as a record.</summary>
    public static byte[] Batch(IReadOnlyList<UsageEvent> events) => Record(events, RecordHeaderLength + 4 + (events.Count * EventBytesHint), static (writer, events) =>
    {
        writer.Write(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            writer.Write(e.RequestId);
            writer.Write(e.At.UtcTicks);
            WriteId(writer, e.OrganizationId);
            WriteOptionalId(writer, e.SubscriptionId);
            WriteOptionalId(writer, e.ListingId);
            WriteId(writer, e.ApiKeyId);
            writer.Write(e.Method);
            writer.Write(e.Route);
            writer.Write(e.Status);
            writer.Write(e.LatencyMs);
            writer.Write(e.Bytes);
            writer.Write(e.IsTest);
            writer.Write(e.IsUnknownEndpoint);
            writer.Write(e.IsGatewayRefusal);
        }
    });

    /// <summary>
    /// The store named by the file's first record, where its batches start and whether its events were written before
    /// <see cref="UsageEvent.IsGatewayRefusal"/> was; null when the header is not whole.
    /// </summary>
    public static (string Store, long BatchesStart, bool BeforeGatewayRefusals)? ReadHeader(SafeFileHandle file)
    {
        if (ReadRecord(file, 0, RandomAccess.GetLength(file)) is not { } record)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(record.Payload), Encoding.UTF8);
        var magic = reader.ReadBytes(Magic.Length).AsSpan();
        return magic.SequenceEqual(Magic) ? (reader.ReadString(), record.End, false)
            : magic.SequenceEqual(MagicBeforeGatewayRefusals) ? (reader.ReadString(), record.End, true)
            : null;
    }

    /// <summary>The whole batches between <paramref name="from"/> and <paramref name="to"/>, each with the offset it ends at; stops at a torn record.</summary>
    /// <param name="beforeGatewayRefusals">The file's header says its events were written before <see cref="UsageEvent.IsGatewayRefusal"/> was.</param>
    public static IEnumerable<(List<UsageEvent> Events, long End)> ReadBatches(SafeFileHandle file, long from, long to, bool beforeGatewayRefusals)
    {
        while (ReadRecord(file, from, to) is { } record)
        {
            yield return (Events(record.Payload, beforeGatewayRefusals), record.End);
            from = record.End;
        }
    }

    private static List<UsageEvent> Events(byte[] payload, bool beforeGatewayRefusals)
    {
        using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var count = reader.ReadInt32();
        var events = new List<UsageEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var requestId = reader.ReadString();
            var at = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var organization = ReadId(reader);
            var subscription = ReadOptionalId(reader);
            var listing = ReadOptionalId(reader);
            var key = ReadId(reader);
            var method = reader.ReadString();
            var route = reader.ReadString();
            var status = reader.ReadInt32();
            events.Add(new UsageEvent
            {
                RequestId = requestId,
                At = at,
                OrganizationId = organization,
                SubscriptionId = subscription,
                ListingId = listing,
                ApiKeyId = key,
                Method = method,
                Route = route,
                Status = status,
                LatencyMs = reader.ReadInt32(),
                Bytes = reader.ReadInt64(),
                IsTest = reader.ReadBoolean(),
                IsUnknownEndpoint = reader.ReadBoolean(),
                IsGatewayRefusal = beforeGatewayRefusals ? status is 402 or 403 or 413 or 429 : reader.ReadBoolean(),
            });
        }

        return events;
    }

    private static (byte[] Payload, long End)? ReadRecord(SafeFileHandle file, long offset, long to)
    {
        Span<byte> header = stackalloc byte[RecordHeaderLength];
        if (to - offset < RecordHeaderLength || RandomAccess.Read(file, header, offset) < RecordHeaderLength)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var end = offset + RecordHeaderLength + length;
        if (length is < 0 or > MaxPayloadLength || end > to)
        {
            return null;
        }

        var payload = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(file, payload.AsSpan(read), offset + RecordHeaderLength + read);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return Crc32.HashToUInt32(payload) == crc ? (payload, end) : null;
    }

    /// <remarks>
    /// The journal writes a record per batch, a call or two at ordinary rates: the buffer starts at about the record's size
    /// and the payload is written by a static callback given its state, so a batch allocates little besides its record.
    /// </remarks>
    private static byte[] Record<TState>(TState state, int sizeHint, Action<BinaryWriter, TState> writePayload)
    {
        var buffer = new MemoryStream(sizeHint);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(0L);
            writePayload(writer, state);
        }

        var record = buffer.ToArray();
        var payload = record.AsSpan(RecordHeaderLength);
        BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(payload));
        return record;
    }

    private static void WriteOptionalId(BinaryWriter writer, Guid? id)
    {
        writer.Write(id.HasValue);
        if (id is { } value)
        {
            WriteId(writer, value);
        }
    }

    // BinaryWriter has no Guid overload: a Guid is its 16 bytes.
    private static void WriteId(BinaryWriter writer, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    private static Guid ReadId(BinaryReader reader) => new(reader.ReadBytes(16));

    private static Guid? ReadOptionalId(BinaryReader reader) => reader.ReadBoolean() ? ReadId(reader) : null;
}

