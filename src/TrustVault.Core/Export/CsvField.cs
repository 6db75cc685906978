using System.Globalization;

namespace TrustVault.Core.Export;

/// <summary>
/// One field of the CSV files TrustVault offers for download (RFC 4180: a field with a comma, quote or line break is
/// quoted). Text fields hold names people chose (organizations, listings, keys): one starting with =, +, -, @, a tab or
/// a carriage return would run as a formula when the file is opened in a spreadsheet, so it is prefixed with an
/// apostrophe (OWASP's advice on CSV injection). Numbers are written in the invariant culture and never prefixed.
/// </summary>
public static class CsvField
{
    public static string Write(object? value)
    {
        var text = value switch
        {
            null => "",
            decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
