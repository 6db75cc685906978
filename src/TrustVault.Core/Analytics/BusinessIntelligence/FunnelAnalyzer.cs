namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>Something a subject (a visitor, an account) did: <paramref name="Step"/> is the step's name.</summary>
public sealed record FunnelEvent(string SubjectId, string Step, DateTimeOffset At);

/// <param name="Subjects">Subjects that reached this step in order within the window.</param>
/// <param name="StepConversion">Subjects here ÷ subjects at the previous step (1 for the first step; null when nobody reached the previous one, or for the first step when nobody entered).</param>
/// <param name="OverallConversion">Subjects here ÷ subjects that entered the funnel (null when nobody entered).</param>
public sealed record FunnelStepResult(string Step, int Subjects, decimal? StepConversion, decimal? OverallConversion);

/// <param name="OverallConversion">Subjects completing every step ÷ subjects entering; null when nobody entered.</param>
public sealed record FunnelResult(IReadOnlyList<FunnelStepResult> Steps, TimeSpan Window, decimal? OverallConversion);

/// <summary>
/// Ordered funnel conversion as product-analytics tools define it (PostHog, "Conversion metric definitions"):
/// other events may happen between steps; a subject is anchored on its first event of step one, so re-entries
/// are not counted twice; each later step is the earliest matching event at or after the previous step's time;
/// a step counts only if it happened no later than <c>window</c> after the anchor (the bound is inclusive).
/// Step conversion is reached(k) ÷ reached(k − 1), overall conversion is reached(k) ÷ entered. Events whose step
/// is not in the funnel are ignored; events at the same instant are taken in funnel order.
/// </summary>
public static class FunnelAnalyzer
{
    public const int MaxSteps = 20;

    public static FunnelResult Analyze(IReadOnlyList<FunnelEvent> events, IReadOnlyList<string> steps, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count is < 2 or > MaxSteps)
        {
            throw new ArgumentException($"A funnel has 2 to {MaxSteps} steps; {steps.Count} given.", nameof(steps));
        }

        if (steps.Any(string.IsNullOrWhiteSpace) || steps.Distinct(StringComparer.Ordinal).Count() != steps.Count)
        {
            throw new ArgumentException("Funnel steps must be named and distinct.", nameof(steps));
        }

        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The conversion window must be positive.");
        }

        var position = steps.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var reached = new int[steps.Count];
        var bySubject = events
            .Where(e => e is not null && e.SubjectId is not null && e.Step is not null && position.ContainsKey(e.Step))
            .GroupBy(e => e.SubjectId, StringComparer.Ordinal);
        foreach (var subject in bySubject)
        {
            var depth = Depth(subject.Select(e => (Step: position[e.Step], e.At)).OrderBy(e => e.At).ThenBy(e => e.Step).ToList(), window);
            for (var k = 0; k < depth; k++)
            {
                reached[k]++;
            }
        }

        var results = steps.Select((name, k) => new FunnelStepResult(
            name, reached[k],
            k == 0 ? Ratio(reached[0], reached[0]) : Ratio(reached[k], reached[k - 1]),
            Ratio(reached[k], reached[0]))).ToList();
        return new FunnelResult(results, window, Ratio(reached[^1], reached[0]));
    }

    /// <summary>How many steps, from the first, the subject completed in order within the window.</summary>
    private static int Depth(List<(int Step, DateTimeOffset At)> timeline, TimeSpan window)
    {
        var anchor = timeline.FindIndex(e => e.Step == 0);
        if (anchor < 0)
        {
            return 0;
        }

        var deadline = timeline[anchor].At + window;
        var depth = 1;
        for (var i = anchor + 1; i < timeline.Count && timeline[i].At <= deadline; i++)
        {
            if (timeline[i].Step == depth)
            {
                depth++;
            }
        }

        return depth;
    }

    private static decimal? Ratio(int numerator, int denominator) => denominator == 0 ? null : (decimal)numerator / denominator;
}
