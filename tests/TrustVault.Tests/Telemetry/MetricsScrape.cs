using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace TrustVault.Tests.Telemetry;

/// <summary>One answer of /metrics, read from a caller at a chosen address, and the samples of its text format.</summary>
internal sealed partial record MetricsScrape(int Status, string Text, string ContentType, string? WwwAuthenticate)
{
    public static async Task<MetricsScrape> ReadAsync(TestServer server, IPAddress caller, string? token = null)
    {
        var context = await server.SendAsync(request =>
        {
            request.Request.Method = HttpMethods.Get;
            request.Request.Path = "/metrics";
            request.Connection.RemoteIpAddress = caller;
            if (token is not null)
            {
                request.Request.Headers.Authorization = $"Bearer {token}";
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        var text = await reader.ReadToEndAsync();
        return new MetricsScrape(context.Response.StatusCode, text, context.Response.ContentType ?? "", context.Response.Headers.WWWAuthenticate.ToString() is { Length: > 0 } challenge ? challenge : null);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels)
    {
        Assert.Equal(StatusCodes.Status200OK, Status);
        var sum = 0d;
        foreach (Match sample in SamplePattern().Matches(Text))
        {
            if (sample.Groups["name"].Value != name)
            {
                continue;
            }

            var present = LabelPattern().Matches(sample.Groups["labels"].Value).ToDictionary(l => l.Groups["name"].Value, l => l.Groups["value"].Value);
            if (labels.All(l => present.TryGetValue(l.Name, out var value) && value == l.Value))
            {
                sum += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>Whether any sample of <paramref name="name"/> is present.</summary>
    public bool Has(string name) => SamplePattern().Matches(Text).Any(s => s.Groups["name"].Value == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SamplePattern();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPattern();
}
