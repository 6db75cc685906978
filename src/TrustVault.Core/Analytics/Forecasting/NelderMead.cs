namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>
/// Nelder–Mead simplex minimisation (Nelder and Mead, "A simplex method for function minimization",
/// The Computer Journal 7(4), 1965) with the standard coefficients: reflection 1, expansion 2,
/// contraction 0.5, shrink 0.5. Deterministic: same start, same answer.
/// </summary>
internal static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double step, int maxIterations = 2000, double tolerance = 1e-10)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        simplex[0] = (double[])start.Clone();
        for (var i = 0; i < n; i++)
        {
            simplex[i + 1] = (double[])start.Clone();
            simplex[i + 1][i] += step;
        }

        var values = simplex.Select(f).ToArray();
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            simplex = order.Select(i => simplex[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + tolerance))
            {
                break;
            }

            var centroid = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    centroid[j] += simplex[i][j] / n;
                }
            }

            var reflected = Move(centroid, simplex[n], -1.0);
            var reflectedValue = f(reflected);
            if (reflectedValue < values[0])
            {
                var expanded = Move(centroid, simplex[n], -2.0);
                var expandedValue = f(expanded);
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
            }
            else if (reflectedValue < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, reflectedValue);
            }
            else
            {
                var contracted = reflectedValue < values[n] ? Move(centroid, reflected, 0.5) : Move(centroid, simplex[n], 0.5);
                var contractedValue = f(contracted);
                if (contractedValue < Math.Min(reflectedValue, values[n]))
                {
                    (simplex[n], values[n]) = (contracted, contractedValue);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        simplex[i] = Move(simplex[0], simplex[i], 0.5);
                        values[i] = f(simplex[i]);
                    }
                }
            }
        }

        return simplex[Array.IndexOf(values, values.Min())];
    }

    /// <summary>The point <c>from + factor · (to − from)</c>.</summary>
    private static double[] Move(double[] from, double[] to, double factor) =>
        from.Select((value, i) => value + (factor * (to[i] - value))).ToArray();
}
