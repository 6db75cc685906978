namespace TrustVault.Core.Catalog.Search;

/// <summary>Bands of a listing's cheapest visible plan, per month, in the plan's currency; free only when a plan charges nothing.</summary>
public enum PriceBand
{
    Free,
    Under50,
    From50To200,
    Over200,
}

public static class PriceBands
{
    public static PriceBand Of(decimal lowestMonthlyPrice, bool hasFreePlan) => lowestMonthlyPrice switch
    {
        _ when hasFreePlan => PriceBand.Free,
        < 50m => PriceBand.Under50,
        <= 200m => PriceBand.From50To200,
        _ => PriceBand.Over200,
    };

    public static string Label(PriceBand band) => band switch
    {
        PriceBand.Free => "Free",
        PriceBand.Under50 => "Under 50",
        PriceBand.From50To200 => "50 – 200",
        PriceBand.Over200 => "Over 200",
        _ => band.ToString(),
    };
}
