namespace TrustVault.Core.Billing;

/// <summary>
/// Rounding of amounts to what can be charged in their currency: to its minor unit (ISO 4217's exponent: a cent of
/// USD, a whole yen, a fils of KWD); halves round away from zero, as invoices are usually read, never to even.
/// </summary>
public static class Money
{
    /// <summary>
    /// The digits after the decimal point of an amount in <paramref name="currency"/>: ISO 4217's minor unit, two for
    /// every code but these.
    /// </summary>
    public static int MinorDigits(string currency) => currency.ToUpperInvariant() switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "UYI" or "VND" or "VUV"
            or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        "CLF" or "UYW" => 4,
        _ => 2,
    };

    /// <summary>The smallest amount of <paramref name="currency"/>: 0.01 USD, 1 JPY, 0.001 KWD.</summary>
    public static decimal MinorUnit(string currency) => 1m / Scale(currency);

    public static decimal ToMinorUnits(decimal amount, string currency) =>
        Math.Round(amount, MinorDigits(currency), MidpointRounding.AwayFromZero);

    /// <summary>Whole minor units (cents for USD, yen for JPY), as payment APIs take them.</summary>
    public static long InMinorUnits(decimal amount, string currency) => (long)(ToMinorUnits(amount, currency) * Scale(currency));

    private static decimal Scale(string currency) => (decimal)Math.Pow(10, MinorDigits(currency));
}
