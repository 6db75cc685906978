using System.Text;

namespace TrustVault.Core.Analytics.Insights;

/// <summary>
/// Deterministic English narration: the series' direction from first to last point and its largest step, then
/// the figures in the order given (each with its change when a previous value is known), the largest relative
/// change among them, and the notes. Uses no number that is not in the insight or a difference of two of them.
/// </summary>
public sealed class TemplateNarrator : INarrator
{
    /// <summary>A relative change under this reads as "held steady".</summary>
    private const double Steady = 0.005;

    public Task<Narrative> NarrateAsync(Insight insight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(insight);
        insight.Validate();
        return Task.FromResult(new Narrative(Narrate(insight), NarrativeSources.Template));
    }

    public static string Narrate(Insight insight)
    {
        ArgumentNullException.ThrowIfNull(insight);
        var text = new StringBuilder().Append(insight.Subject.Trim().TrimEnd('.')).Append('.');
        if (insight.Series is { Points.Count: >= 2 } series)
        {
            text.Append(' ').Append(Trend(series));
            if (series.Points.Count >= 3)
            {
                text.Append(' ').Append(LargestStep(series));
            }
        }

        if (insight.Facts.Count > 0)
        {
            text.Append(" Key figures: ").Append(string.Join("; ", insight.Facts.Select(Describe))).Append('.');
        }

        var changed = insight.Facts.Where(f => f.Previous is { } p && p != 0 && f.Value != p && f.Unit != FactUnit.Percent).ToList();
        if (changed.Count >= 2)
        {
            var largest = changed.MaxBy(f => Math.Abs((f.Value - f.Previous!.Value) / f.Previous.Value))!;
            text.Append(" The largest relative change is in ").Append(Lower(largest.Name)).Append(" (")
                .Append(InsightFormat.Change(largest.Previous!.Value, largest.Value, largest.Unit, largest.Currency)).Append(").");
        }

        foreach (var note in insight.Notes ?? [])
        {
            text.Append(' ').Append(note.Trim().TrimEnd('.')).Append('.');
        }

        return text.ToString();
    }

    private static string Trend(InsightSeries series)
    {
        var (first, last) = (series.Points[0], series.Points[^1]);
        string F(double v) => InsightFormat.Value(v, series.Unit, series.Currency);
        var relative = first.Value == 0 ? (last.Value == 0 ? 0 : double.PositiveInfinity) : Math.Abs((last.Value - first.Value) / first.Value);
        if (relative < Steady)
        {
            return $"{series.Name} held steady at about {F(last.Value)} from {first.Label} to {last.Label}.";
        }

        var verb = last.Value > first.Value ? "rose" : "fell";
        var change = InsightFormat.Change(first.Value, last.Value, series.Unit, series.Currency);
        var by = first.Value == 0 || series.Unit == FactUnit.Percent ? "" : $" {change.Split(' ', 2)[1]}";
        return $"{series.Name} {verb}{by} from {F(first.Value)} in {first.Label} to {F(last.Value)} in {last.Label}.";
    }

    internal static string LargestStep(InsightSeries series)
    {
        var steps = series.Points.Zip(series.Points.Skip(1), (a, b) => (From: a, To: b, Delta: b.Value - a.Value)).ToList();
        var largest = steps.MaxBy(s => Math.Abs(s.Delta));
        if (largest.Delta == 0)
        {
            return "It did not change between any two points.";
        }

        var kind = largest.Delta > 0 ? "rise" : "drop";
        // A move beyond a double (−1e308 to 1e308) has no figure to tell: its ends are told instead of "∞".
        return double.IsFinite(largest.Delta)
            ? $"The largest single move was a {kind} of {InsightFormat.Value(Math.Abs(largest.Delta), series.Unit, series.Currency)} from {largest.From.Label} to {largest.To.Label}."
            : $"The largest single move was a {kind} from {InsightFormat.Value(largest.From.Value, series.Unit, series.Currency)} in {largest.From.Label} to {InsightFormat.Value(largest.To.Value, series.Unit, series.Currency)} in {largest.To.Label}.";
    }

    private static string Describe(InsightFact fact)
    {
        var value = InsightFormat.Value(fact.Value, fact.Unit, fact.Currency);
        return fact.Previous is { } previous
            ? $"{fact.Name} {value} ({InsightFormat.Change(previous, fact.Value, fact.Unit, fact.Currency)}{(previous == fact.Value ? "" : " from " + InsightFormat.Value(previous, fact.Unit, fact.Currency))})"
            : $"{fact.Name} {value}";
    }

    private static string Lower(string name) =>
        name.Length > 1 && char.IsUpper(name[0]) && char.IsLower(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name;
}
