namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>
/// The exact Gaussian likelihood of a stationary ARMA model by the Kalman filter, as R's <c>stats::arima</c> computes
/// it (<c>ARIMA_Like</c>): Harvey's state-space form with r = max(p, q + 1) states (Gardner, Harvey and Phillips 1980;
/// Durbin and Koopman 2012, §3.4), the first state's covariance the process's stationary one, σ² profiled out.
/// </summary>
internal static class ArimaLikelihood
{
    /// <summary>
    /// Runs the filter over a zero-mean series <paramref name="z"/> for AR polynomial 1 − Σφ_i B^i and MA polynomial
    /// 1 + Σθ_j B^j (index 0 holds 1) and writes the one-step prediction errors to <paramref name="innovations"/>.
    /// Returns Σv_t²/F_t and Σlog F_t, with v_t the prediction errors and F_t their variances in units of σ²; the
    /// concentrated likelihood is then −½·n·(log(S/n) + 1 + log 2π) − ½·Σlog F_t with S the first sum.
    /// </summary>
    public static (double SumOfSquares, double SumOfLogs) Filter(double[] z, double[] ar, double[] ma, double[] innovations)
    {
        var p = ar.Length - 1;
        var q = ma.Length - 1;
        var r = Math.Max(p, q + 1);
        var phi = new double[r + 1];
        var theta = new double[r + 1];
        for (var i = 1; i <= p; i++)
        {
            phi[i - 1] = -ar[i];
        }

        for (var j = 0; j <= q; j++)
        {
            theta[j] = ma[j];
        }

        var initial = StationaryCovariance(phi, theta, p, q, r);
        if (initial is null)
        {
            return (double.NaN, double.NaN);
        }

        // Covariances as flat row-major arrays of which only the upper triangle (i ≤ j) is kept: the filter costs r²
        // a point, and seasonal models have r up to 2 + 2·12 + 1.
        var covariance = new double[r * r];
        for (var i = 0; i < r; i++)
        {
            for (var j = i; j < r; j++)
            {
                covariance[(i * r) + j] = initial[i, j];
            }
        }

        var next = new double[r * r];
        var state = new double[r];
        var predicted = new double[r];
        double sumOfSquares = 0, sumOfLogs = 0;
        var steady = false;
        for (var t = 0; t < z.Length; t++)
        {
            for (var i = 0; i < r; i++)
            {
                predicted[i] = (i < r - 1 ? state[i + 1] : 0) + (phi[i] * state[0]);
            }

            if (t > 0 && !steady)
            {
                // T·P·T' + R·R' for T with φ down its first column and ones above the diagonal, R = (1, θ_1, …, θ_{r−1}).
                var p00 = covariance[0];
                for (var i = 0; i < r; i++)
                {
                    var (phiI, thetaI) = (phi[i], theta[i]);
                    var p0I = i < r - 1 ? covariance[i + 1] : 0;
                    var row = (i + 1) * r;
                    for (var j = i; j < r; j++)
                    {
                        var value = (phiI * phi[j] * p00) + (thetaI * theta[j]) + (phi[j] * p0I);
                        if (j < r - 1)
                        {
                            value += (phiI * covariance[j + 1]) + (i < r - 1 ? covariance[row + j + 1] : 0);
                        }

                        next[(i * r) + j] = value;
                    }
                }

                (covariance, next) = (next, covariance);
            }

            var gain = covariance[0];
            var error = z[t] - predicted[0];
            innovations[t] = error;
            sumOfSquares += error * error / gain;
            sumOfLogs += Math.Log(gain);
            for (var i = 0; i < r; i++)
            {
                state[i] = predicted[i] + (covariance[i] * error / gain);
            }

            if (steady)
            {
                continue;
            }

            // The first row is read while the rows below it are updated, so it is updated last.
            for (var i = r - 1; i >= 0; i--)
            {
                var factor = covariance[i] / gain;
                var row = i * r;
                for (var j = i; j < r; j++)
                {
                    covariance[row + j] -= factor * covariance[j];
                }
            }

            // Once the prediction variance is σ² to nine digits the filtered state is exact and the recursion is
            // the conditional one (the state's covariance is 0 and the next prediction's is R·R'); R's ARIMA_Like
            // keeps filtering, which moves the likelihood by less than n·1e-9.
            steady = gain - 1 < 1e-9 && t > r;
            if (steady)
            {
                for (var i = 0; i < r; i++)
                {
                    for (var j = i; j < r; j++)
                    {
                        covariance[(i * r) + j] = theta[i] * theta[j];
                    }
                }
            }
        }

        return (sumOfSquares, sumOfLogs);
    }

    /// <summary>
    /// The states' stationary covariance in units of σ² (what R's <c>getQ0</c> solves for), from the process's
    /// autocovariances: state i is Σ_{ℓ≥1} φ_{i+ℓ}·y_{t−ℓ} + Σ_{ℓ≥0} θ_{i+ℓ}·e_{t−ℓ} (0-based, θ_0 = 1), and
    /// Cov(y_s, e_u) = ψ_{s−u}. Null when the AR part has no stationary solution.
    /// </summary>
    private static double[,]? StationaryCovariance(double[] phi, double[] theta, int p, int q, int r)
    {
        var psi = new double[r + 1];
        for (var j = 0; j <= r; j++)
        {
            var value = j <= q ? theta[j] : 0;
            for (var i = 1; i <= Math.Min(j, p); i++)
            {
                value += phi[i - 1] * psi[j - i];
            }

            psi[j] = value;
        }

        var gamma = Autocovariances(phi, theta, psi, p, q);
        if (gamma is null)
        {
            return null;
        }

        // Only the lags that carry a coefficient contribute: seasonal polynomials are mostly zeros.
        var arLags = Enumerable.Range(1, p).Where(k => phi[k - 1] != 0).ToArray();
        var maLags = Enumerable.Range(0, q + 1).Where(k => theta[k] != 0).ToArray();
        var covariance = new double[r, r];
        for (var i = 0; i < r; i++)
        {
            for (var j = i; j < r; j++)
            {
                double sum = 0;
                foreach (var a in arLags)
                {
                    if (a <= i)
                    {
                        continue;
                    }

                    // y_{t−(a−i)} against y_{t−(b−j)} and against e_{t−(c−j)}.
                    foreach (var b in arLags)
                    {
                        if (b > j)
                        {
                            sum += phi[a - 1] * phi[b - 1] * gamma[Math.Abs(a - i - (b - j))];
                        }
                    }

                    foreach (var c in maLags)
                    {
                        if (c >= j && c - j >= a - i)
                        {
                            sum += phi[a - 1] * theta[c] * psi[c - j - (a - i)];
                        }
                    }
                }

                foreach (var c in maLags)
                {
                    if (c < i)
                    {
                        continue;
                    }

                    foreach (var b in arLags)
                    {
                        if (b > j && c - i >= b - j)
                        {
                            sum += theta[c] * phi[b - 1] * psi[c - i - (b - j)];
                        }
                    }

                    var d = c - i + j;
                    if (d <= q)
                    {
                        sum += theta[c] * theta[d];
                    }
                }

                covariance[i, j] = covariance[j, i] = sum;
            }
        }

        return covariance;
    }

    /// <summary>
    /// γ(0), …, γ(p) in units of σ² (Brockwell and Davis 1991, §3.3, method 2): γ(k) − Σφ_i·γ(|k − i|) = Σ_{j≥k} θ_j·ψ_{j−k}
    /// for k = 0 … p, solved by Gaussian elimination.
    /// </summary>
    private static double[]? Autocovariances(double[] phi, double[] theta, double[] psi, int p, int q)
    {
        double Right(int k)
        {
            double sum = 0;
            for (var j = k; j <= q; j++)
            {
                sum += theta[j] * psi[j - k];
            }

            return sum;
        }

        var size = p + 1;
        var matrix = new double[size, size + 1];
        for (var k = 0; k < size; k++)
        {
            matrix[k, k] += 1;
            for (var i = 1; i <= p; i++)
            {
                matrix[k, Math.Abs(k - i)] -= phi[i - 1];
            }

            matrix[k, size] = Right(k);
        }

        for (var column = 0; column < size; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < size; row++)
            {
                if (Math.Abs(matrix[row, column]) > Math.Abs(matrix[pivot, column]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(matrix[pivot, column]) < 1e-12)
            {
                return null;
            }

            for (var c = column; c <= size; c++)
            {
                (matrix[column, c], matrix[pivot, c]) = (matrix[pivot, c], matrix[column, c]);
            }

            for (var row = 0; row < size; row++)
            {
                if (row == column || matrix[row, column] == 0)
                {
                    continue;
                }

                var factor = matrix[row, column] / matrix[column, column];
                for (var c = column; c <= size; c++)
                {
                    matrix[row, c] -= factor * matrix[column, c];
                }
            }
        }

        var gamma = new double[size];
        for (var k = 0; k < size; k++)
        {
            gamma[k] = matrix[k, size] / matrix[k, k];
        }

        return gamma[0] > 0 && gamma.All(double.IsFinite) ? gamma : null;
    }
}
