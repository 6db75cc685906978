using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Catalog.Health;

/// <summary>
/// Probes every published third-party listing's health path under its upstream base address (the base itself when
/// the provider set none; any answer below 500 means the upstream is up; hosts under names reserved for documentation can never answer and
/// are left alone), stores the result, tells the provider's owners when an
/// upstream goes down and again when it is back, and prunes old probes.
/// </summary>
public sealed class ListingHealthMonitor(IDbContextFactory<TrustVaultDbContext> contexts, IListingHealthProber prober, TimeProvider clock)
{
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Probes in flight at once: enough to finish a large catalog within the 5-minute schedule, few enough to stay polite.</summary>
    public const int MaxParallelProbes = 8;

    /// <summary>Consecutive failed probes that make an upstream down: one lost packet should not page a provider.</summary>
    public const int FailuresForDown = 2;

    /// <summary>One day more than the 30 days shown, so the window is always full.</summary>
    public const int RetentionDays = 31;

    public const int ErrorMaxLength = 300;

    /// <summary>Probes all published third-party listings once; returns the probes stored.</summary>
    public async Task<IReadOnlyList<ListingHealthProbe>> ProbeAllAsync(CancellationToken cancellationToken)
    {
        List<(Guid Id, string Upstream)> targets;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            targets = (await db.Listings.AsNoTracking()
                    .Where(l => l.Status == ListingStatus.Published && !l.IsFirstParty && l.UpstreamBaseUrl != null && l.UpstreamBaseUrl != "")
                    .Select(l => new { l.Id, l.UpstreamBaseUrl, l.HealthPath })
                    .ToListAsync(cancellationToken))
                .Select(l => (l.Id, HealthAddress(l.UpstreamBaseUrl!, l.HealthPath)))
                .Where(l => !IsReservedName(l.Item2))
                .ToList();
        }

        var probes = new ConcurrentBag<ListingHealthProbe>();
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelProbes, CancellationToken = cancellationToken },
            async (target, token) => probes.Add(await ProbeAsync(target.Id, target.Upstream, token)));

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.ListingHealthProbes.AddRange(probes);
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var probe in probes)
        {
            await UpdateStateAsync(probe.ListingId, cancellationToken);
        }

        await PruneAsync(cancellationToken);
        return [.. probes];
    }

    /// <summary>The health path is appended to the base, as the gateway appends a call's path: <c>https://api.example.com/v1</c> + <c>/health</c>.</summary>
    internal static string HealthAddress(string upstream, string? healthPath) =>
        healthPath is null ? upstream : upstream.TrimEnd('/') + healthPath;

    /// <summary>Top-level names that are never delegated (RFC 2606, RFC 6761): a probe of them only reports a false outage.</summary>
    private static readonly string[] ReservedTopLevelNames = [".example", ".invalid", ".test"];

    private static bool IsReservedName(string upstream) =>
        Uri.TryCreate(upstream, UriKind.Absolute, out var uri)
        && ReservedTopLevelNames.Any(name => uri.DnsSafeHost.TrimEnd('.').EndsWith(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Deletes probes older than <see cref="RetentionDays"/> days; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = clock.GetUtcNow().AddDays(-RetentionDays);
        return await db.ListingHealthProbes.Where(p => p.At < before).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<ListingHealthProbe> ProbeAsync(Guid listingId, string upstream, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(ProbeTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int? status = null;
        string? error = null;
        try
        {
            status = await prober.GetStatusAsync(new Uri(upstream), linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"No answer within {ProbeTimeout.TotalSeconds:0} s.";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UriFormatException)
        {
            error = e.Message.Length > ErrorMaxLength ? e.Message[..ErrorMaxLength] : e.Message;
        }

        return new ListingHealthProbe
        {
            ListingId = listingId,
            At = at,
            Ok = status is < 500,
            StatusCode = status,
            Error = error,
            LatencyMs = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds),
        };
    }

    /// <summary>Up → down after <see cref="FailuresForDown"/> failed probes in a row; down → up on the next good probe; one e-mail for each.</summary>
    private async Task UpdateStateAsync(Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.ListingHealthProbes.AsNoTracking().Where(p => p.ListingId == listingId)
            .OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Take(FailuresForDown).ToListAsync(cancellationToken);
        var state = await db.ListingHealthStates.FindAsync([listingId], cancellationToken);
        if (state is null)
        {
            state = new ListingHealthState { ListingId = listingId, ChangedAt = clock.GetUtcNow() };
            db.ListingHealthStates.Add(state);
        }

        var down = latest.Count == FailuresForDown && latest.All(p => !p.Ok);
        var wasDown = state.IsDown;
        var recovered = wasDown && latest.FirstOrDefault() is { Ok: true };
        if (down && !wasDown)
        {
            (state.IsDown, state.ChangedAt) = (true, clock.GetUtcNow());
        }
        else if (recovered)
        {
            (state.IsDown, state.ChangedAt) = (false, clock.GetUtcNow());
        }

        if (down && !wasDown)
        {
            await QueueDownAlertAsync(db, listingId, latest[0], cancellationToken);
        }
        else if (recovered)
        {
            await QueueRecoveredAlertAsync(db, listingId, latest[0], cancellationToken);
        }

        // The alert commits with the state change, so each outage is told exactly once.
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task QueueDownAlertAsync(TrustVaultDbContext db, Guid listingId, ListingHealthProbe probe, CancellationToken cancellationToken)
    {
        var reason = probe.StatusCode is { } code ? $"it answered HTTP {code}" : $"it did not answer: {probe.Error}";
        await TellOwnersAsync(db, listingId, (to, listing) => EmailTemplates.UpstreamDown(to, listing.Organization, listing.Name, listing.UpstreamBaseUrl, FailuresForDown, probe.At, reason), cancellationToken);
    }

    /// <summary>The outage is timed from its first failed probe (the one after the last good probe), not from when it was declared.</summary>
    private async Task QueueRecoveredAlertAsync(TrustVaultDbContext db, Guid listingId, ListingHealthProbe probe, CancellationToken cancellationToken)
    {
        var probes = db.ListingHealthProbes.AsNoTracking().Where(p => p.ListingId == listingId && p.At < probe.At);
        var lastGood = await probes.Where(p => p.Ok).OrderByDescending(p => p.At).Select(p => (DateTimeOffset?)p.At).FirstOrDefaultAsync(cancellationToken);
        var firstFailure = await probes.Where(p => !p.Ok && (lastGood == null || p.At > lastGood))
            .OrderBy(p => p.At).Select(p => (DateTimeOffset?)p.At).FirstOrDefaultAsync(cancellationToken);
        var minutes = (int)Math.Round((probe.At - (firstFailure ?? probe.At)).TotalMinutes);
        await TellOwnersAsync(
            db, listingId, (to, listing) => EmailTemplates.UpstreamRecovered(to, listing.Organization, listing.Name, listing.UpstreamBaseUrl, probe.At, probe.StatusCode, minutes), cancellationToken);
    }

    private async Task TellOwnersAsync(TrustVaultDbContext db, Guid listingId, Func<string, ProbedListing, EmailMessage> mail, CancellationToken cancellationToken)
    {
        var listing = await db.Listings.AsNoTracking().Where(l => l.Id == listingId)
            .Select(l => new ProbedListing(l.Name, l.OrganizationId, l.Organization!.Name, l.UpstreamBaseUrl)).SingleAsync(cancellationToken);
        foreach (var to in await db.MemberAddressesAsync(listing.OrganizationId, [OrganizationRole.Owner], cancellationToken))
        {
            db.QueueEmail(mail(to, listing), clock.GetUtcNow());
        }
    }

    private sealed record ProbedListing(string Name, Guid OrganizationId, string Organization, string? UpstreamBaseUrl);
}
