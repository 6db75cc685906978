using System.Globalization;

namespace TrustVault.Web.Components.Shared;

/// <summary>Shows an amount with its currency's symbol, e.g. $19.00 or €250.00.</summary>
public static class MoneyFormat
{
    public static string Format(decimal amount, string currency) => currency switch
    {
        "USD" => "$" + amount.ToString("N2", CultureInfo.InvariantCulture),
        "EUR" => "€" + amount.ToString("N2", CultureInfo.InvariantCulture),
        "GBP" => "£" + amount.ToString("N2", CultureInfo.InvariantCulture),
        _ => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}",
    };

    public static string Calls(long calls) => calls.ToString("N0", CultureInfo.InvariantCulture);
}
