using System.Net;

namespace TrustVault.Client;

/// <summary>
/// A call that TrustVault answered with an error status. The problem details (RFC 9457) of the answer are on the
/// exception: <see cref="Title"/>, <see cref="Detail"/> and, for invalid input, the messages per field in <see cref="Errors"/>.
/// </summary>
public sealed class TrustVaultApiException : Exception
{
    public TrustVaultApiException(HttpStatusCode statusCode, ProblemDetails problem, TimeSpan? retryAfter = null)
        : base(Describe(statusCode, problem))
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    public TrustVaultApiException()
        : this(HttpStatusCode.InternalServerError, new ProblemDetails())
    {
    }

    public TrustVaultApiException(string message)
        : base(message)
    {
        Problem = new ProblemDetails { Detail = message };
    }

    public TrustVaultApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = new ProblemDetails { Detail = message };
    }

    public HttpStatusCode StatusCode { get; }

    public ProblemDetails Problem { get; }

    public string? Type => Problem.Type;

    public string? Title => Problem.Title;

    public string? Detail => Problem.Detail;

    /// <summary>Messages per input field (e.g. <c>days</c>, <c>pageSize</c>), empty unless the input was invalid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Problem.Errors ?? new Dictionary<string, string[]>();

    /// <summary>How long to wait before trying again, when the answer said so (429 and some 503).</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode statusCode, ProblemDetails problem)
    {
        var title = problem.Title ?? statusCode.ToString();
        return problem.Detail is { Length: > 0 } detail ? $"{(int)statusCode} {title}: {detail}" : $"{(int)statusCode} {title}";
    }
}

/// <summary>An <c>application/problem+json</c> body (RFC 9457), with the <c>errors</c> extension of validation problems.</summary>
public sealed record ProblemDetails
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public string? Instance { get; init; }

    public Dictionary<string, string[]>? Errors { get; init; }
}
