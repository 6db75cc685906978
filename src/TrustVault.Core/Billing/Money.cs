namespace TrustVault.Core.Billing;

/// <summary>
/// Rounding of amounts to what can be charged. Every currency offered (USD, EUR, GBP) has two minor
/// digits; halves round away from zero, as invoices are usually read, never to even.
/// </summary>
public static class Money
{
    public static decimal ToMinorUnits(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whole minor units (cents), as payment APIs take them.</summary>
    public static long Cents(decimal amount) => (long)(ToMinorUnits(amount) * 100m);
}
