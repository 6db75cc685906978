using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Sdk;

/// <summary>
/// Every SDK calls every operation of the platform API's OpenAPI document, and nothing the document does not list: an
/// endpoint added to the API and missing from an SDK fails here. The operations an SDK calls are read from its source,
/// where each platform call names its method and its route under /api/v1 side by side:
/// <c>HttpMethod.Get, $"organizations/{organizationId}/keys"</c> in C#,
/// <c>"GET", `organizations/${id(organizationId)}/keys`</c> in TypeScript,
/// <c>"GET", f"organizations/{_id(organization_id)}/keys"</c> in Python and
/// <c>http.MethodGet, fmt.Sprintf("organizations/%s/keys", id(organizationID))</c> in Go. Gateway calls pass their path
/// in a variable or as "/v1/…", so they are not taken for platform routes.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SdkCoverageTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    /// <summary>Each SDK's source folder (its files directly in it) and their extension.</summary>
    public static TheoryData<string, string> Sdks => new()
    {
        { "sdk/dotnet/TrustVault.Client", "*.cs" },
        { "sdk/typescript/src", "*.ts" },
        { "sdk/python/trustvault", "*.py" },
        { "sdk/go", "*.go" },
    };

    [Theory]
    [MemberData(nameof(Sdks))]
    public async Task Sdk_calls_every_documented_platform_operation_and_no_other(string folder, string pattern)
    {
        var documented = await DocumentedOperationsAsync();

        var called = CalledOperations(Path.Combine(RepositoryPaths.Root, folder), pattern);

        // Spelled out in the message: xunit shortens long strings in a collection it prints.
        var missing = documented.Except(called).Order().ToList();
        var undocumented = called.Except(documented).Order().ToList();
        Assert.True(
            missing.Count == 0 && undocumented.Count == 0,
            $"{folder} does not call: {string.Join("; ", missing)}. It calls, undocumented: {string.Join("; ", undocumented)}.");
    }

    [Fact]
    public void Reading_the_source_finds_each_languages_way_of_naming_a_call()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "Client.cs"), """
                PlatformAsync<X>(HttpMethod.Get, $"organizations/{organizationId}/usage?days={days}", null, ct);
                PlatformAsync<Y>(
                    HttpMethod.Get,
                    string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/invoices?page={page}"),
                CallAsync(slug, HttpMethod.Get, path, null, ct);
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "client.ts"), """
                this.platform("GET", "organizations", undefined, options);
                await this.discard("DELETE", `organizations/${id(organizationId)}/keys/${id(keyId)}`, options);
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "client.py"), """
                self._platform(
                    "POST", f"organizations/{_id(organization_id)}/webhooks/deliveries/{_id(delivery_id)}/resend", expect_body=False
                )
                self.post_json(PRIVACY_LISTING, "/v1/paillier/sum", body)
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "client.go"), """
                err := c.platform(ctx, http.MethodGet,
                    fmt.Sprintf("organizations/%s/invoices?page=%d&pageSize=%d", id(organizationID), page, pageSize), nil, &invoices)
                c.platform(ctx, http.MethodGet, "organizations", nil, &organizations)
                answer, err := c.Call(ctx, listingSlug, http.MethodGet, path, nil, nil)
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "client_test.go"), """
                client.platform(ctx, http.MethodDelete, "organizations/test-only", nil, nil)
                """);

            Assert.Equal(
                ["GET /api/v1/organizations/{}/usage", "GET /api/v1/organizations/{}/invoices"],
                CalledOperations(folder.FullName, "*.cs"));
            Assert.Equal(["GET /api/v1/organizations", "DELETE /api/v1/organizations/{}/keys/{}"], CalledOperations(folder.FullName, "*.ts"));
            Assert.Equal(["POST /api/v1/organizations/{}/webhooks/deliveries/{}/resend"], CalledOperations(folder.FullName, "*.py"));
            Assert.Equal(["GET /api/v1/organizations/{}/invoices", "GET /api/v1/organizations"], CalledOperations(folder.FullName, "*.go"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<IReadOnlySet<string>> DocumentedOperationsAsync()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/docs/platform.json");
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => Operation(operation.Name, path.Name)))
            .ToHashSet();
    }

    private static List<string> CalledOperations(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.TopDirectoryOnly)
            // Go keeps its tests beside the source; what they call is not the SDK's surface.
            .Where(file => !file.EndsWith("_test.go", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(file => PlatformCall().Matches(File.ReadAllText(file)))
            .Select(call => Operation(call.Groups["method"].Value, "/api/v1/" + call.Groups["route"].Value))
            .Distinct()
            .ToList();

    /// <summary>"GET /api/v1/organizations/{}/keys": the method in capitals, each path parameter or interpolation as {}.</summary>
    private static string Operation(string method, string path) =>
        $"{method.ToUpperInvariant()} {Placeholder().Replace(path, "{}")}";

    // A method (HttpMethod.Get, http.MethodGet or "GET"), a comma, then the route literal ($"…", `…`, f"…" or "…", C#'s
    // string.Create or Go's fmt.Sprintf wrapper allowed) up to its query string; a route starts with a letter, as
    // platform routes are relative to /api/v1.
    [GeneratedRegex("""(?:HttpMethod\.(?<method>Get|Post|Put|Patch|Delete)|http\.Method(?<method>Get|Post|Put|Patch|Delete)|"(?<method>GET|POST|PUT|PATCH|DELETE)")\s*,\s*(?:string\.Create\([^,]+,\s*|fmt\.Sprintf\()?[$f]?["`](?<route>[A-Za-z][^"`?]*)""")]
    private static partial Regex PlatformCall();

    // {organizationId} in the document and C#, ${id(organizationId)} in TypeScript, {_id(organization_id)} in Python,
    // %s in Go.
    [GeneratedRegex(@"\$?\{[^{}]*\}|%s")]
    private static partial Regex Placeholder();
}
