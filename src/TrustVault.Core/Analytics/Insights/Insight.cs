namespace TrustVault.Core.Analytics.Insights;

/// <summary>How a value reads: <see cref="Percent"/> values are fractions (0.25 reads as 25%).</summary>
public enum FactUnit
{
    Number,
    Count,
    Money,
    Percent,
}

/// <summary>
/// One figure to narrate. Values are doubles: narration shows at most cents, so the decimal → double
/// conversion of money loses nothing a reader sees.
/// </summary>
/// <param name="Previous">The same figure one period earlier, when a change is worth telling.</param>
/// <param name="Currency">ISO code for <see cref="FactUnit.Money"/>.</param>
public sealed record InsightFact(string Name, double Value, FactUnit Unit = FactUnit.Number, double? Previous = null, string? Currency = null);

public sealed record InsightPoint(string Label, double Value);

/// <summary>An ordered series (oldest first) whose trend and largest step are told.</summary>
public sealed record InsightSeries(string Name, IReadOnlyList<InsightPoint> Points, FactUnit Unit = FactUnit.Number, string? Currency = null);

/// <summary>
/// What a narrator turns into prose: a subject, the figures in the order they matter, an optional series and
/// notes (plain statements such as the model chosen) told as given.
/// </summary>
public sealed record Insight(string Subject, IReadOnlyList<InsightFact> Facts, InsightSeries? Series = null, IReadOnlyList<string>? Notes = null)
{
    public const int MaxFacts = 50;
    public const int MaxPoints = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Subject))
        {
            throw new ArgumentException("An insight needs a subject.", nameof(Subject));
        }

        ArgumentNullException.ThrowIfNull(Facts, nameof(Facts));
        if (Facts.Count > MaxFacts)
        {
            throw new ArgumentException($"{Facts.Count} facts; at most {MaxFacts} are narrated.", nameof(Facts));
        }

        foreach (var fact in Facts)
        {
            if (fact is null || string.IsNullOrWhiteSpace(fact.Name))
            {
                throw new ArgumentException("Every fact needs a name.", nameof(Facts));
            }

            if (!double.IsFinite(fact.Value) || fact.Previous is { } p && !double.IsFinite(p))
            {
                throw new ArgumentException($"Fact '{fact.Name}' is not a finite number.", nameof(Facts));
            }
        }

        if (Series is { } series && (series.Points.Count > MaxPoints || series.Points.Any(x => x is null || !double.IsFinite(x.Value))))
        {
            throw new ArgumentException($"The series needs at most {MaxPoints} finite points.", nameof(Series));
        }
    }
}

/// <param name="Source">Which narrator wrote <paramref name="Text"/>: <see cref="NarrativeSources"/>.</param>
/// <param name="FallbackReason">Why the AI narrator was not used, when the template stood in for it.</param>
public sealed record Narrative(string Text, string Source, string? FallbackReason = null);

public static class NarrativeSources
{
    public const string Template = "template";
    public const string AzureOpenAI = "azure-openai";
}

/// <summary>Turns an analytics result into a short report.</summary>
public interface INarrator
{
    Task<Narrative> NarrateAsync(Insight insight, CancellationToken cancellationToken = default);
}
