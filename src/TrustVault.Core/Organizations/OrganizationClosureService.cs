using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Organizations;

/// <summary>
/// Closing an organization nobody else works in: its keys are revoked, its free subscriptions end and its invitations are
/// revoked, and its last member leaves it, so it drops out of their switcher. The organization row, its invoices and its
/// usage stay, as the months it was billed for happened and accounting keeps them. What others still rely on refuses
/// the close until it is settled: APIs in the catalog, paid subscriptions still running, a final invoice not issued yet
/// (docs/decisions/0038), unpaid invoices and payouts not yet paid.
/// </summary>
public sealed class OrganizationClosureService(
    IDbContextFactory<TrustVaultDbContext> contexts, InvoicingService invoicing, ApiKeyCache keyCache, TimeProvider clock)
{
    /// <summary>Why the personal organization is not closed: every account keeps one to work in.</summary>
    public const string PersonalOrganizationRefusal =
        "Your personal organization stays as long as your account: it is where you work when you belong to no other. Deleting your account closes it.";

    /// <summary>Closes <paramref name="organizationId"/> for its only member, an Owner.</summary>
    /// <exception cref="InvalidInputException">Under "Organization": why it cannot be closed yet, naming what to settle first.</exception>
    public async Task CloseAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An invitation accepted while the organization closes would leave a member in a closed organization.
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId, cancellationToken);
        if (organization.IsPersonal)
        {
            throw new InvalidInputException("Organization", PersonalOrganizationRefusal);
        }

        var members = await db.OrganizationMembers.ForOrganization(organizationId).ToListAsync(cancellationToken);
        if (members.Count > 1)
        {
            throw new InvalidInputException("Organization",
                $"{organization.Name} has {members.Count - 1} other member(s): remove them first, or leave it to them after making one of them an Owner.");
        }

        var now = clock.GetUtcNow();
        var blockers = new List<string>();
        var listed = await ListedAsync(db, [organizationId], cancellationToken);
        if (listed.Count > 0)
        {
            blockers.Add($"its APIs {string.Join(", ", listed.Select(l => l.Listing))} are in the catalog or in review, and their subscribers depend on them: ask TrustVault to withdraw them");
        }

        blockers.AddRange(await BillingBlockersAsync(db, organizationId, "close it", cancellationToken));
        if (blockers.Count > 0)
        {
            throw new InvalidInputException("Organization", $"{organization.Name} cannot be closed yet: {string.Join("; ", blockers)}.");
        }

        var revoked = await EndActivityAsync(db, userId, organizationId, now, cancellationToken);
        db.OrganizationMembers.Remove(members[0]);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (user.CurrentOrganizationId == organizationId)
        {
            user.CurrentOrganizationId = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Invalidate(revoked);
    }

    /// <summary>The APIs of <paramref name="organizationIds"/> in the catalog or in review, whose subscribers depend on them.</summary>
    internal static async Task<IReadOnlyList<(string Organization, string Listing)>> ListedAsync(
        TrustVaultDbContext db, IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken)
    {
        var listed = await db.Listings.AcrossOrganizations()
            .Where(l => organizationIds.Contains(l.OrganizationId) && (l.Status == ListingStatus.Published || l.Status == ListingStatus.InReview))
            .Select(l => new { Organization = l.Organization!.Name, l.Name })
            .ToListAsync(cancellationToken);
        return [.. listed.Select(l => (l.Organization, l.Name))];
    }

    /// <summary>Closes an organization its account's closure leaves without members; see <see cref="AccountClosureService"/>.</summary>
    internal async Task CloseLeftEmptyAsync(TrustVaultDbContext db, string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var revoked = await EndActivityAsync(db, userId, organizationId, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Invalidate(revoked);
    }

    /// <summary>
    /// What the organization still owes or is owed, each with what to do first, then <paramref name="afterwards"/> ("close it"):
    /// paid subscriptions still running, the final invoice of a period not issued yet, unpaid invoices, unpaid payouts.
    /// </summary>
    internal async Task<List<string>> BillingBlockersAsync(TrustVaultDbContext db, Guid organizationId, string afterwards, CancellationToken cancellationToken)
    {
        var blockers = new List<string>();
        var now = clock.GetUtcNow();
        var subscriptions = await db.Subscriptions.ForOrganization(organizationId)
            .Select(s => new { Subscription = s, Listing = s.Listing!.Name })
            .ToListAsync(cancellationToken);
        // A trial canceled before its end owes no fee; overage of its calls, if any, is named with the final invoice below.
        var live = subscriptions.Where(s => s.Subscription.IsLiveAt(now) && !s.Subscription.IsCanceledInTrial).ToList();
        var planIds = live.Select(s => s.Subscription.PlanIdAt(now)).Distinct().ToList();
        var plans = await db.Plans.Where(p => planIds.Contains(p.Id)).ToListAsync(cancellationToken);
        var charging = plans.Where(p => p.Charges).Select(p => p.Id).ToList();
        var paid = live.Where(s => charging.Contains(s.Subscription.PlanIdAt(now))).Select(s => s.Listing).ToList();
        if (paid.Count > 0)
        {
            blockers.Add($"its paid subscriptions to {string.Join(", ", paid)} still run: cancel them, and {afterwards} once they have ended and their last period is invoiced and paid");
        }
        else if (await UninvoicedPeriodAsync(organizationId, now, cancellationToken) is { } period)
        {
            blockers.Add(string.Create(CultureInfo.InvariantCulture,
                $"its final invoice, for {period.Start:MMMM yyyy}, {WhenIssued(period, now)}: you can {afterwards} after it is paid"));
        }

        var unpaid = await db.Invoices.ForOrganization(organizationId)
            .Where(i => i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PaymentFailed)
            .Select(i => i.Number)
            .ToListAsync(cancellationToken);
        if (unpaid.Count > 0)
        {
            blockers.Add($"invoice(s) {string.Join(", ", unpaid)} are unpaid: pay them on the Billing page");
        }

        var owed = await db.Payouts.ForProvider(organizationId)
            .AnyAsync(p => p.Status == PayoutStatus.Pending || p.Status == PayoutStatus.Failed, cancellationToken);
        if (owed)
        {
            blockers.Add($"payouts of its earnings are not paid yet: {afterwards} once they are");
        }

        return blockers;
    }

    /// <summary>
    /// The latest period with fees or overage not invoiced yet. Invoices are issued in arrears on the 1st after their
    /// period (docs/decisions/0004), so only the running period and, until the monthly run, the one before can have any.
    /// </summary>
    private async Task<BillingPeriod?> UninvoicedPeriodAsync(Guid organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var period in new[] { BillingPeriod.MonthOf(now), BillingPeriod.PreviousTo(now) })
        {
            if ((await invoicing.EstimateAsync(organizationId, period, cancellationToken)).Count > 0)
            {
                return period;
            }
        }

        return null;
    }

    /// <summary>
    /// When the invoice of <paramref name="period"/> comes: the monthly run issues it on the 1st after (docs/decisions/0004). Once
    /// that day is past the run is late (it failed and is retried, or the app was down), and when it runs again is not known
    /// here, only that the next run issues it.
    /// </summary>
    private static string WhenIssued(BillingPeriod period, DateTimeOffset now) =>
        now.UtcDateTime.Date > period.End.UtcDateTime.Date
            ? string.Create(CultureInfo.InvariantCulture, $"was due on {period.End:d MMMM yyyy} and is issued by the next invoicing run")
            : string.Create(CultureInfo.InvariantCulture, $"is issued on {period.End:d MMMM yyyy}");

    /// <summary>Stops what the organization does: keys, subscriptions and invitations. Returns the revoked keys' ids for the cache.</summary>
    private async Task<List<string>> EndActivityAsync(
        TrustVaultDbContext db, string userId, Guid organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.ForOrganization(organizationId).Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            key.RevokedAt = now;
        }

        var subscriptions = await db.Subscriptions.ForOrganization(organizationId).ToListAsync(cancellationToken);
        var ended = subscriptions.Where(s => s.IsLiveAt(now)).ToList();
        foreach (var subscription in ended)
        {
            subscription.CancelsAt = now;
        }

        var invitations = await db.OrganizationInvitations.ForOrganization(organizationId)
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var invitation in invitations)
        {
            invitation.RevokedAt = now;
        }

        db.Record(clock, userId, organizationId, "organization.closed", nameof(Organization), organizationId,
            $"{keys.Count} keys revoked, {ended.Count} subscriptions ended, {invitations.Count} invitations revoked");
        return [.. keys.Select(k => k.KeyId)];
    }

    private void Invalidate(IEnumerable<string> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            keyCache.Invalidate(keyId);
        }
    }
}
