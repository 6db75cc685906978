namespace TrustVault.Core.Metering;

/// <summary>Where a subscription stands against its monthly quota.</summary>
public readonly record struct QuotaStatus(long Used, long Included, bool HardCap)
{
    /// <summary>Calls left before the quota; 0 once it is reached (overage plans keep serving past it).</summary>
    public long Remaining => Math.Max(0, Included - Used);

    /// <summary>A hard-capped plan refuses calls once the included ones are used; an overage plan never does.</summary>
    public bool Allows => !HardCap || Used < Included;

    public long Overage => Math.Max(0, Used - Included);
}
