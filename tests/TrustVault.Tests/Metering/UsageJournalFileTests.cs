using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using TrustVault.Core.Metering;

namespace TrustVault.Tests.Metering;

/// <summary>The journal's records: what was appended reads back the same, and a record a killed process left half written is dropped.</summary>
public sealed class UsageJournalFileTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"trustvault-journal-{Guid.NewGuid():N}{UsageJournalFile.Extension}");

    public void Dispose() => File.Delete(path);

    private static UsageEvent Event(int i, Guid? subscription = null) => new()
    {
        RequestId = $"request-{i}",
        At = new DateTimeOffset(2026, 12, 5, 10, i, 0, TimeSpan.FromHours(2)),
        OrganizationId = Guid.NewGuid(),
        SubscriptionId = subscription,
        ListingId = i % 2 == 0 ? Guid.NewGuid() : null,
        ApiKeyId = Guid.NewGuid(),
        Method = "POST",
        Route = $"/tides/v1/levels/{i}",
        Status = 200 + i,
        LatencyMs = 10 * i,
        Bytes = 1L << (30 + i),
        IsTest = i == 1,
        IsUnknownEndpoint = i == 2,
        IsGatewayRefusal = i % 2 == 0,
    };

    private void Write(params byte[][] records)
    {
        using var file = File.Create(path);
        foreach (var record in records)
        {
            file.Write(record);
        }
    }

    private (string Store, List<List<UsageEvent>> Batches)? Read()
    {
        using var file = File.OpenHandle(path);
        if (UsageJournalFile.ReadHeader(file) is not var (store, start, beforeGatewayRefusals))
        {
            return null;
        }

        return (store, [.. UsageJournalFile.ReadBatches(file, start, RandomAccess.GetLength(file), beforeGatewayRefusals).Select(b => b.Events)]);
    }

    [Fact]
    public void Batches_read_back_as_they_were_appended_with_the_store_they_belong_to()
    {
        var first = new[] { Event(0, Guid.NewGuid()), Event(1) };
        var second = new[] { Event(2, Guid.NewGuid()) };
        Write(UsageJournalFile.Header("db.example:5432/trustvault"), UsageJournalFile.Batch(first), UsageJournalFile.Batch(second));

        var (store, batches) = Read()!.Value;

        Assert.Equal("db.example:5432/trustvault", store);
        Assert.Equal(2, batches.Count);
        Assert.Equivalent(first, batches[0], strict: true);
        Assert.Equivalent(second, batches[1], strict: true);
        Assert.Equal(first[0].At, batches[0][0].At);
        Assert.Equal(first[0].Day, batches[0][0].Day);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(40)]
    public void A_torn_last_record_is_dropped_and_the_batches_before_it_are_kept(int bytesOfTheLast)
    {
        var kept = new[] { Event(0) };
        var torn = UsageJournalFile.Batch([Event(1), Event(2)]);
        Write(UsageJournalFile.Header("store"), UsageJournalFile.Batch(kept), torn[..bytesOfTheLast]);

        var batches = Read()!.Value.Batches;

        Assert.Equivalent(kept, Assert.Single(batches), strict: true);
    }

    [Fact]
    public void A_last_record_whose_bytes_do_not_match_its_checksum_is_dropped()
    {
        var garbled = UsageJournalFile.Batch([Event(1)]);
        garbled[^3] ^= 0xFF;
        Write(UsageJournalFile.Header("store"), UsageJournalFile.Batch([Event(0)]), garbled);

        Assert.Single(Read()!.Value.Batches);
    }

    [Fact]
    public void A_file_whose_header_was_never_written_whole_names_no_store()
    {
        Write(UsageJournalFile.Header("store")[..5]);

        Assert.Null(Read());
    }

    [Fact]
    public void A_journal_left_by_the_version_before_gateway_refusals_reads_them_by_that_versions_status_rule()
    {
        int[] statuses = [200, 402, 403, 404, 413, 429, 500];
        var organization = Guid.NewGuid();
        var subscription = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        Write(
            RecordOfVersion1(writer =>
            {
                writer.Write("TrustVault usage journal 1\n"u8);
                writer.Write("store");
            }),
            RecordOfVersion1(writer =>
            {
                writer.Write(statuses.Length);
                foreach (var status in statuses)
                {
                    writer.Write($"request-{status}");
                    writer.Write(at.UtcTicks);
                    writer.Write(organization.ToByteArray());
                    writer.Write(true);
                    writer.Write(subscription.ToByteArray());
                    writer.Write(false);
                    writer.Write(organization.ToByteArray());
                    writer.Write("GET");
                    writer.Write("/tides/v1/levels");
                    writer.Write(status);
                    writer.Write(12);
                    writer.Write(34L);
                    writer.Write(false);
                    writer.Write(false);
                }
            }));

        var (store, batches) = Read()!.Value;

        var events = Assert.Single(batches);
        Assert.Equal("store", store);
        Assert.Equal(statuses.Select(s => (s, s is 402 or 403 or 413 or 429)), events.Select(e => (e.Status, e.IsGatewayRefusal)));
        Assert.All(events, e => Assert.Equal((at, subscription, "/tides/v1/levels", 12, 34L), (e.At, e.SubscriptionId!.Value, e.Route, e.LatencyMs, e.Bytes)));
    }

    /// <summary>A record as the first version of the journal wrote it: the payload's length, its CRC-32, the payload.</summary>
    private static byte[] RecordOfVersion1(Action<BinaryWriter> writePayload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writePayload(writer);
        }

        var payload = buffer.ToArray();
        var record = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(record, 8);
        return record;
    }
}
