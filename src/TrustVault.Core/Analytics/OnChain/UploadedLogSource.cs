namespace TrustVault.Core.Analytics.OnChain;

/// <summary>Logs from an uploaded eth_getLogs document; queries filter them like a node would.</summary>
public sealed class UploadedLogSource(IReadOnlyList<EvmLog> logs) : IEvmLogSource
{
    public static async Task<UploadedLogSource> ReadAsync(Stream json, int maxLogs, CancellationToken cancellationToken = default) =>
        new(await EvmLogJson.ReadAsync(json, maxLogs, cancellationToken));

    public IReadOnlyList<EvmLog> Logs { get; } = logs;

    public Task<IReadOnlyList<EvmLog>> GetLogsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate(ulong.MaxValue);
        var addresses = new HashSet<string>(query.Addresses ?? [], StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<EvmLog> selected = Logs
            .Where(l => l.BlockNumber >= query.FromBlock && l.BlockNumber <= query.ToBlock)
            .Where(l => addresses.Count == 0 || addresses.Contains(l.Address))
            .OrderBy(l => l.BlockNumber)
            .ThenBy(l => l.LogIndex)
            .ToList();
        return Task.FromResult(selected);
    }
}
