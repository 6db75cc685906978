using System.Globalization;
using System.Text.Json;

namespace TrustVault.Cli;

/// <summary>
/// A command's answer: aligned columns for people, or with <c>--json</c> the platform API's own JSON for scripts
/// (camelCase, every field, dates in ISO 8601).
/// </summary>
public sealed class CliOutput(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool IsJson => json;

    /// <param name="value">What <c>--json</c> writes.</param>
    /// <param name="empty">The line a person reads when there are no rows, e.g. "No API keys yet.".</param>
    public void Table<T>(object value, IReadOnlyList<T> rows, string empty, params (string Header, Func<T, string> Cell)[] columns)
    {
        if (json)
        {
            Value(value);
            return;
        }

        if (rows.Count == 0)
        {
            writer.WriteLine(empty);
            return;
        }

        var cells = rows.Select(row => columns.Select(c => c.Cell(row)).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, cells.Max(row => row[i].Length))).ToArray();
        WriteRow(columns.Select(c => c.Header.ToUpperInvariant()).ToArray(), widths);
        foreach (var row in cells)
        {
            WriteRow(row, widths);
        }
    }

    /// <summary>One result: its JSON with <c>--json</c>, else the lines given.</summary>
    public void Item(object value, params string[] lines)
    {
        if (json)
        {
            Value(value);
            return;
        }

        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    public void Value(object value) => writer.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Json));

    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "-";

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>To the second, for single calls.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    public static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>An ε or δ, as precise as it was set: 0.25, 1E-05.</summary>
    public static string Privacy(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private void WriteRow(string[] cells, int[] widths) =>
        writer.WriteLine(string.Join("  ", cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]))));
}
