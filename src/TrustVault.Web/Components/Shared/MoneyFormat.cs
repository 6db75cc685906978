using System.Globalization;
using TrustVault.Core.Billing;

namespace TrustVault.Web.Components.Shared;

/// <summary>Numbers as the pages show them: an amount with its currency's symbol ($19.00, €250.00), call counts and sizes.</summary>
public static class MoneyFormat
{
    /// <summary>With the currency's minor digits: $19.00, 1,500 JPY, 2.500 KWD.</summary>
    public static string Format(decimal amount, string currency)
    {
        var number = amount.ToString("N" + Money.MinorDigits(currency), CultureInfo.InvariantCulture);
        return currency switch
        {
            "USD" => "$" + number,
            "EUR" => "€" + number,
            "GBP" => "£" + number,
            _ => $"{number} {currency}",
        };
    }

    public static string Calls(long calls) => calls.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A size in the unit that shows it best: 2,296 bytes is "2.2 KB", not "0.0 MB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} MB",
    };
}
