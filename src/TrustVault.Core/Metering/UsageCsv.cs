using System.Globalization;
using System.Text;
using TrustVault.Core.Export;

namespace TrustVault.Core.Metering;

/// <summary>The drill-down's groups as CSV, each field as <see cref="CsvField"/> writes it.</summary>
public static class UsageCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["day", "key", "key_prefix", "api", "method", "endpoint", "status_class", "calls", "bytes", "mean_latency_ms"];

    public static string Write(IEnumerable<UsageGroup> groups)
    {
        var text = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var g in groups)
        {
            object[] row = [g.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.KeyName, g.KeyPrefix, g.ListingName, g.Method, g.Route, g.StatusClass, g.Calls, g.Bytes, g.AverageLatencyMs];
            text.AppendJoin(',', row.Select(CsvField.Write)).Append("\r\n");
        }

        return text.ToString();
    }
}
