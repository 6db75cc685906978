using System.Globalization;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>One accepted query's privacy loss against an organization's dataset: the row the ledger persists.</summary>
public sealed record PrivacyBudgetSpend(Guid OrganizationId, Guid DatasetId, double Epsilon, double Delta, DateTimeOffset At);

/// <summary>An accepted charge: the spend to persist and what is left after it.</summary>
public sealed record PrivacyBudgetCharge(PrivacyBudgetSpend Spend, double RemainingEpsilon, double RemainingDelta);

/// <summary>Which budget refused a query.</summary>
public enum PrivacyBudgetScope
{
    /// <summary>The dataset's own total ε and δ, which never refill.</summary>
    Dataset,

    /// <summary>The organization's ε cap for the calendar month, shared by all of its datasets.</summary>
    OrganizationMonth,
}

/// <summary>A query that would take a budget past what remains of it; nothing was charged (HTTP 403).</summary>
public sealed class PrivacyBudgetExhaustedException(
    PrivacyBudgetScope scope, Guid datasetId, double requestedEpsilon, double requestedDelta, double remainingEpsilon, double? remainingDelta, DateTimeOffset? resetsAt = null)
    : InvalidOperationException(scope switch
    {
        PrivacyBudgetScope.Dataset => string.Create(
            CultureInfo.InvariantCulture,
            $"The privacy budget of dataset {datasetId} does not cover this query: it asks for ε = {requestedEpsilon}, δ = {requestedDelta} and ε = {remainingEpsilon}, δ = {remainingDelta} remain. A dataset's budget never refills."),
        _ => string.Create(
            CultureInfo.InvariantCulture,
            $"Your organization's monthly privacy cap does not cover this query: it asks for ε = {requestedEpsilon} and ε = {remainingEpsilon} remain this month, shared by all of your datasets, until {resetsAt:yyyy-MM-dd} UTC."),
    })
{
    public PrivacyBudgetScope Scope { get; } = scope;

    public Guid DatasetId { get; } = datasetId;

    public double RequestedEpsilon { get; } = requestedEpsilon;

    public double RequestedDelta { get; } = requestedDelta;

    public double RemainingEpsilon { get; } = remainingEpsilon;

    /// <summary>What remains of the dataset's δ; the monthly cap has no δ, so null for it.</summary>
    public double? RemainingDelta { get; } = remainingDelta;

    /// <summary>When the monthly cap starts again from nothing spent; null for a dataset's budget.</summary>
    public DateTimeOffset? ResetsAt { get; } = resetsAt;
}

/// <summary>
/// The privacy budget of one (organization, dataset): a total ε and δ, spent by basic sequential
/// composition, under which k queries that are (εᵢ, δᵢ)-DP are (Σεᵢ, Σδᵢ)-DP together (Dwork and Roth,
/// "The Algorithmic Foundations of Differential Privacy", 2014, Theorem 3.16).
/// </summary>
/// <remarks>
/// Pure logic: the caller loads the prior spends and persists the returned one. The check and the insert
/// must happen in one transaction that serializes queries on the same dataset (for example a lock on the
/// dataset's budget row); this class does not lock, and two concurrent requests that both read the same
/// prior spends could otherwise both be accepted. Charge before running the query so a failure after the
/// charge can only over-count. Sums use <see cref="decimal"/> so that, say, ten charges of 0.1 fill a
/// budget of 1 exactly instead of leaving 1e-16 unused or refusing the last one.
/// </remarks>
public sealed class PrivacyBudget
{
    private readonly decimal totalEpsilon;
    private readonly decimal totalDelta;

    /// <param name="totalEpsilon">The ε this dataset may ever spend (positive).</param>
    /// <param name="totalDelta">The δ this dataset may ever spend, in [0, 1); 0 admits only Laplace queries.</param>
    public PrivacyBudget(double totalEpsilon, double totalDelta = 0)
    {
        if (!double.IsFinite(totalEpsilon) || totalEpsilon <= 0 || totalEpsilon > PrivacyParameters.MaxEpsilon)
        {
            throw new ArgumentOutOfRangeException(nameof(totalEpsilon), totalEpsilon, "The total epsilon budget must be a positive number up to 1,000,000.");
        }

        if (!(totalDelta >= 0 && totalDelta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(totalDelta), totalDelta, "The total delta budget must lie in [0, 1).");
        }

        this.totalEpsilon = (decimal)totalEpsilon;
        this.totalDelta = (decimal)totalDelta;
    }

    /// <summary>What remains of the budget after <paramref name="priorSpends"/> (spends of other organizations or datasets are ignored).</summary>
    public (double Epsilon, double Delta) Remaining(Guid organizationId, Guid datasetId, IEnumerable<PrivacyBudgetSpend> priorSpends)
    {
        var (epsilon, delta) = RemainingExactly(organizationId, datasetId, priorSpends);
        return ((double)epsilon, (double)delta);
    }

    /// <summary>
    /// Accepts a query costing (<paramref name="epsilon"/>, <paramref name="delta"/>) if it fits in what the
    /// prior spends leave, and returns the spend to persist.
    /// </summary>
    /// <exception cref="PrivacyBudgetExhaustedException">The query does not fit; the exception carries the remaining budget.</exception>
    /// <exception cref="ArgumentException">
    /// The request itself is malformed (non-positive ε, δ outside [0, 1)) or asks for more ε or δ than
    /// the whole budget holds.
    /// </exception>
    public PrivacyBudgetCharge Charge(
        Guid organizationId, Guid datasetId, double epsilon, double delta, IEnumerable<PrivacyBudgetSpend> priorSpends, DateTimeOffset at)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0 || epsilon > PrivacyParameters.MaxEpsilon)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a positive number up to 1,000,000.");
        }

        if (!(delta >= 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must lie in [0, 1).");
        }

        var requestedEpsilon = (decimal)epsilon;
        var requestedDelta = (decimal)delta;
        // A query no budget of this size could ever cover is bad input, not a refusal: waiting or another query would not help.
        if (requestedEpsilon > totalEpsilon)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, string.Create(CultureInfo.InvariantCulture, $"epsilon is above the dataset's whole budget of ε = {totalEpsilon}."));
        }

        if (requestedDelta > totalDelta)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, string.Create(CultureInfo.InvariantCulture, $"delta is above the dataset's whole budget of δ = {totalDelta}."));
        }

        var (remainingEpsilon, remainingDelta) = RemainingExactly(organizationId, datasetId, priorSpends);
        if (requestedEpsilon > remainingEpsilon || requestedDelta > remainingDelta)
        {
            throw new PrivacyBudgetExhaustedException(PrivacyBudgetScope.Dataset, datasetId, epsilon, delta, (double)remainingEpsilon, (double)remainingDelta);
        }

        return new PrivacyBudgetCharge(
            new PrivacyBudgetSpend(organizationId, datasetId, epsilon, delta, at),
            (double)(remainingEpsilon - requestedEpsilon),
            (double)(remainingDelta - requestedDelta));
    }

    /// <summary>The same charge for the ε and δ of a query's <see cref="PrivacyParameters"/>.</summary>
    public PrivacyBudgetCharge Charge(
        Guid organizationId, Guid datasetId, PrivacyParameters privacy, IEnumerable<PrivacyBudgetSpend> priorSpends, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        return Charge(organizationId, datasetId, privacy.Epsilon, privacy.Delta, priorSpends, at);
    }

    private (decimal Epsilon, decimal Delta) RemainingExactly(Guid organizationId, Guid datasetId, IEnumerable<PrivacyBudgetSpend> priorSpends)
    {
        ArgumentNullException.ThrowIfNull(priorSpends);
        decimal epsilon = 0, delta = 0;
        foreach (var spend in priorSpends.Where(s => s.OrganizationId == organizationId && s.DatasetId == datasetId))
        {
            epsilon += (decimal)spend.Epsilon;
            delta += (decimal)spend.Delta;
        }

        return (Math.Max(totalEpsilon - epsilon, 0), Math.Max(totalDelta - delta, 0));
    }
}
