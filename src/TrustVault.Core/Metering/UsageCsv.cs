using System.Globalization;
using System.Text;

namespace TrustVault.Core.Metering;

/// <summary>The drill-down's groups as CSV (RFC 4180: comma separated, fields with commas, quotes or line breaks quoted).</summary>
public static class UsageCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["day", "key", "api", "method", "endpoint", "status_class", "calls", "bytes", "mean_latency_ms"];

    public static string Write(IEnumerable<UsageGroup> groups)
    {
        var text = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var g in groups)
        {
            object[] row = [g.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.KeyName, g.ListingName, g.Method, g.Route, g.StatusClass, g.Calls, g.Bytes, g.AverageLatencyMs];
            text.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Field(object value)
    {
        var text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
        // A key name is the customer's own text: one starting with =, +, - or @ would run as a formula in a spreadsheet (OWASP's CSV injection advice).
        if (value is string && text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
