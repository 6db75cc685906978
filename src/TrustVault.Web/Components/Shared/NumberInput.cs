using System.Globalization;

namespace TrustVault.Web.Components.Shared;

/// <summary>The culture of the app's number fields.</summary>
public static class NumberInput
{
    /// <summary>
    /// The invariant culture without a group separator a person can type: MudNumericField reads numbers with thousands
    /// allowed, so "1,5" (one and a half, as many write it) became 15 and a price of "9,99" became 999. It is refused as no
    /// number instead; the decimal point is ".".
    /// </summary>
    public static CultureInfo Culture { get; } = Create();

    private static CultureInfo Create()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberGroupSeparator = "\u2063";
        culture.NumberFormat.CurrencyGroupSeparator = "\u2063";
        return CultureInfo.ReadOnly(culture);
    }
}
