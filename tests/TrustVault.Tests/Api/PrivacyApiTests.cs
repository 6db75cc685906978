using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>The Privacy-Preserving Analytics API through the gateway: budgets per registered dataset and per organization and month, and Paillier sums.</summary>
[Collection(AppCollection.Name)]
public sealed class PrivacyApiTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    private const string Slug = "privacy-analytics";

    // 1024 bits, the smallest modulus the API accepts, keeps key generation quick.
    private static readonly Lazy<PaillierKeyPair> Keys = new(() => PaillierKeyPair.Generate(1024));

    private string customer = "";
    private Guid globex;

    public async Task InitializeAsync()
    {
        await DemoCustomer.UseRoomiestPlanAsync(factory, Slug);
        await using var scope = factory.Services.CreateAsyncScope();
        (customer, globex) = await DemoCustomer.OrganizationAsync(scope.ServiceProvider);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The tests of this class share the demo plan's per-second limit: the client waits it out on the fake clock.
    private HttpClient Client(string key = DemoSeedOptions.CustomerApiKey) => DemoCustomer.Client(factory, key);

    /// <summary>A dataset of its own per test (ε = 10, δ = 1e-5), registered as the console does; its id as the requests send it.</summary>
    private async Task<string> DatasetAsync(Guid? organizationId = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var dataset = await scope.ServiceProvider.GetRequiredService<PrivacyDatasetService>().CreateAsync(
            customer, organizationId ?? globex, new PrivacyDatasetInput($"orders {Guid.NewGuid():N}", null, 10, 1e-5), CancellationToken.None);
        return dataset.Id.ToString();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static object Count(string dataset, double epsilon) => new { dataset, values = new[] { 1.0, 2, 3 }, mechanism = "laplace", epsilon };

    [Fact]
    public async Task A_dp_sum_answers_the_noisy_value_with_its_mechanism_error_bound_and_remaining_budget()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (double)(i % 100)).ToArray();

        var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/sum", new { dataset = await DatasetAsync(), values, lower = 0, upper = 100, mechanism = "laplace", epsilon = 1.0 });

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("sum", body.GetProperty("query").GetString());
        Assert.Equal("laplace", body.GetProperty("mechanism").GetString());
        Assert.Equal(1.0, body.GetProperty("epsilon").GetDouble());
        // Sensitivity 100 at ε = 1: λ is 100 plus the snapping mechanism's tiny margin.
        Assert.InRange(body.GetProperty("noiseScale").GetDouble(), 100, 100.01);
        var errorBound = body.GetProperty("errorBound95").GetDouble();
        Assert.InRange(body.GetProperty("value").GetDouble(), values.Sum() - (3 * errorBound), values.Sum() + (3 * errorBound));
        Assert.Equal(9.0, body.GetProperty("budget").GetProperty("remainingEpsilon").GetDouble(), 9);
    }

    [Fact]
    public async Task Mean_and_histogram_release_every_part_with_its_noise()
    {
        var dataset = await DatasetAsync();
        var values = new[] { 10.0, 20, 30, 40 };

        var mean = await JsonAsync(
            await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/mean", new { dataset, values, lower = 0, upper = 50, mechanism = "gaussian", epsilon = 1.0, delta = 1e-6 }),
            HttpStatusCode.OK);
        var histogram = await JsonAsync(
            await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/histogram", new { dataset, values, lower = 0, upper = 50, bins = 5, mechanism = "laplace", epsilon = 0.5 }),
            HttpStatusCode.OK);

        Assert.Equal("gaussian", mean.GetProperty("mechanism").GetString());
        Assert.InRange(mean.GetProperty("value").GetDouble(), 0, 50);
        Assert.True(mean.GetProperty("count").GetProperty("noiseScale").GetDouble() > 0);
        Assert.Equal([0.0, 10, 20, 30, 40], histogram.GetProperty("bins").EnumerateArray().Select(b => b.GetProperty("lower").GetDouble()));
        var budget = histogram.GetProperty("budget");
        Assert.Equal(8.5, budget.GetProperty("remainingEpsilon").GetDouble(), 9);
        Assert.Equal(1e-5 - 1e-6, budget.GetProperty("remainingDelta").GetDouble(), 12);
    }

    [Theory]
    [InlineData("sum", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"upper\":10,\"mechanism\":\"laplace\",\"epsilon\":1}", "'lower'")]
    [InlineData("mean", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"lower\":0,\"mechanism\":\"laplace\",\"epsilon\":1}", "'upper'")]
    [InlineData("sum", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"lower\":10,\"upper\":0,\"mechanism\":\"laplace\",\"epsilon\":1}", "'upper'")]
    [InlineData("count", "{\"values\":[1,2],\"mechanism\":\"laplace\",\"epsilon\":1}", "'dataset'")]
    [InlineData("count", "{\"dataset\":\"no spaces\",\"values\":[1,2],\"mechanism\":\"laplace\",\"epsilon\":1}", "'dataset' is not a dataset id")]
    [InlineData("count", "[]", "The body must be a JSON object")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"bins\":3,\"lower\":5,\"upper\":5,\"mechanism\":\"laplace\",\"epsilon\":1}", "'upper' must be above 'lower'")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"bins\":3,\"lower\":-1e308,\"upper\":1e308,\"mechanism\":\"laplace\",\"epsilon\":1}", "'lower' and 'upper' are too far apart")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"mechanism\":\"laplace\",\"epsilon\":1}", "'values'")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"mechanism\":\"uniform\",\"epsilon\":1}", "'mechanism'")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"mechanism\":\"laplace\"}", "'epsilon'")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"mechanism\":\"laplace\",\"epsilon\":-1}", "'epsilon'")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"mechanism\":\"gaussian\",\"epsilon\":1}", "'delta'")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"mechanism\":\"laplace\",\"epsilon\":1,\"delta\":0.1}", "'delta'")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"mechanism\":\"laplace\",\"epsilon\":1}", "'binEdges'")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"binEdges\":[0,5,3],\"mechanism\":\"laplace\",\"epsilon\":1}", "'binEdges'")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"bins\":4,\"upper\":3,\"mechanism\":\"laplace\",\"epsilon\":1}", "'lower'")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,\"two\"],\"mechanism\":\"laplace\",\"epsilon\":1}", "'values[1]' could not be read")]
    [InlineData("count", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"bins\":3,\"mechanism\":\"laplace\",\"epsilon\":1}", "'bins' is not a field of a count")]
    [InlineData("sum", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"lower\":0,\"upper\":5,\"binEdges\":[0,5],\"mechanism\":\"laplace\",\"epsilon\":1}", "'binEdges' is not a field of a sum")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"binEdges\":[0,5],\"lower\":0,\"mechanism\":\"laplace\",\"epsilon\":1}", "'lower' is not a field of a histogram by 'binEdges'")]
    [InlineData("histogram", "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"bins\":1e12,\"lower\":0,\"upper\":5,\"mechanism\":\"laplace\",\"epsilon\":1}", "'bins' could not be read: it must be a whole number between 1 and 10,000.")]
    public async Task Bad_dp_requests_get_400_naming_the_field_and_spend_nothing(string query, string body, string expected)
    {
        var response = await Client().PostAsync($"/gw/{Slug}/v1/dp/{query}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var budget = await JsonAsync(await Client().GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={DemoSeedOptions.CustomerPrivacyDatasetId}"), HttpStatusCode.OK);
        Assert.Equal(0, budget.GetProperty("dataset").GetProperty("queries").GetInt32());
    }

    [Fact]
    public async Task A_histogram_given_both_bins_and_bin_edges_gets_400_naming_both()
    {
        var response = await Client().PostAsync($"/gw/{Slug}/v1/dp/histogram", new StringContent(
            "{\"dataset\":\"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57\",\"values\":[1,2],\"bins\":2,\"lower\":0,\"upper\":4,\"binEdges\":[0,2,4],\"mechanism\":\"laplace\",\"epsilon\":1}",
            Encoding.UTF8, "application/json"));

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("'bins' and 'binEdges' are both sent: give one of them", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["bins", "binEdges"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task The_budget_refuses_a_query_past_its_limit_with_a_403_of_its_own_type_and_another_organizations_budget_is_its_own()
    {
        var dataset = await DatasetAsync();
        await JsonAsync(await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(dataset, 6)), HttpStatusCode.OK);
        await JsonAsync(await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(dataset, 3.5)), HttpStatusCode.OK);

        var refused = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(dataset, 1));

        var problem = await JsonAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Null(refused.Headers.RetryAfter);
        Assert.Equal("https://trustvault.dev/problems/privacy-budget-exhausted", problem.GetProperty("type").GetString());
        Assert.Equal("Privacy budget exhausted", problem.GetProperty("title").GetString());
        Assert.Equal(("dataset", dataset), (problem.GetProperty("budget").GetString(), problem.GetProperty("dataset").GetString()));
        Assert.Equal(0.5, problem.GetProperty("remainingEpsilon").GetDouble(), 9);
        Assert.Equal(1e-5, problem.GetProperty("remainingDelta").GetDouble(), 12);
        Assert.Contains(dataset, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (other, key) = await DemoCustomer.OtherOrganizationAsync(factory, Slug);
        var notTheirs = await Client(key).PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(dataset, 6));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal("application/problem+json", notTheirs.Content.Headers.ContentType?.MediaType);
        var theirDataset = await DatasetAsync(other);
        var otherBody = await JsonAsync(await Client(key).PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(theirDataset, 6)), HttpStatusCode.OK);
        Assert.Equal(4.0, otherBody.GetProperty("budget").GetProperty("remainingEpsilon").GetDouble(), 9);

        var ours = (await JsonAsync(await Client().GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={dataset.ToUpperInvariant()}"), HttpStatusCode.OK)).GetProperty("dataset");
        var theirs = (await JsonAsync(await Client(key).GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={theirDataset}"), HttpStatusCode.OK)).GetProperty("dataset");
        Assert.Equal((9.5, 0.5, 2), (ours.GetProperty("spentEpsilon").GetDouble(), ours.GetProperty("remainingEpsilon").GetDouble(), ours.GetProperty("queries").GetInt32()));
        Assert.Equal((6.0, 1), (theirs.GetProperty("spentEpsilon").GetDouble(), theirs.GetProperty("queries").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await Client(key).GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={dataset}")).StatusCode);
        Assert.NotEqual(globex, other);
    }

    [Fact]
    public async Task The_organizations_monthly_cap_refuses_a_query_its_datasets_could_still_pay_for_with_a_403_naming_it()
    {
        var (other, key) = await DemoCustomer.OtherOrganizationAsync(factory, Slug);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            (await db.Organizations.SingleAsync(o => o.Id == other)).MonthlyPrivacyEpsilonCap = 5;
            await db.SaveChangesAsync();
        }

        var orders = await DatasetAsync(other);
        var visits = await DatasetAsync(other);
        var first = await JsonAsync(await Client(key).PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(orders, 4)), HttpStatusCode.OK);

        var refused = await Client(key).PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(visits, 2));

        Assert.Equal(1.0, first.GetProperty("budget").GetProperty("remainingMonthlyEpsilon").GetDouble(), 9);
        var problem = await JsonAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("https://trustvault.dev/problems/privacy-budget-exhausted", problem.GetProperty("type").GetString());
        Assert.Equal(("organizationMonth", visits), (problem.GetProperty("budget").GetString(), problem.GetProperty("dataset").GetString()));
        Assert.Equal(1.0, problem.GetProperty("remainingEpsilon").GetDouble(), 9);
        Assert.True(problem.TryGetProperty("resetsAt", out _));
        Assert.Contains("monthly privacy cap", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var tooLarge = await JsonAsync(await Client(key).PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(visits, 6)), HttpStatusCode.BadRequest);
        Assert.StartsWith("'epsilon'", tooLarge.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_archived_dataset_is_a_4xx_problem_that_charges_nothing()
    {
        var archived = await DatasetAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PrivacyDatasetService>().ArchiveAsync(customer, globex, Guid.Parse(archived), CancellationToken.None);
        }

        var unknown = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(Guid.NewGuid().ToString(), 1));
        var gone = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(archived, 1));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        Assert.Contains("archived", (await JsonAsync(gone, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var budget = await JsonAsync(await Client().GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={archived}"), HttpStatusCode.OK);
        Assert.Equal(0, budget.GetProperty("dataset").GetProperty("queries").GetInt32());
    }

    [Theory]
    [InlineData("laplace", 10.5, null, "'epsilon'")]
    [InlineData("gaussian", 1.0, 2e-5, "'delta'")]
    public async Task Epsilon_or_delta_above_the_whole_budget_is_a_400_that_charges_nothing(string mechanism, double epsilon, double? delta, string field)
    {
        var dataset = await DatasetAsync();

        var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", new { dataset, values = new[] { 1.0, 2, 3 }, mechanism, epsilon, delta });

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var budget = (await JsonAsync(await Client().GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={dataset}"), HttpStatusCode.OK)).GetProperty("dataset");
        Assert.Equal((0, 10.0), (budget.GetProperty("queries").GetInt32(), budget.GetProperty("remainingEpsilon").GetDouble()));
    }

    [Theory]
    [InlineData("mean", "gaussian", 1e-8, HttpStatusCode.UnprocessableEntity, "'values', 'lower' and 'upper': the result is not a finite number")]
    [InlineData("sum", "laplace", null, HttpStatusCode.BadRequest, "'lower' and 'upper' are too far apart")]
    public async Task Bounds_too_far_apart_for_a_double_are_refused_before_anything_is_charged(string query, string mechanism, double? delta, HttpStatusCode status, string expected)
    {
        var dataset = await DatasetAsync();

        // Bounds this far apart give noise past the double range whatever the values: the public parameters alone say so.
        var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/{query}", new { dataset, values = new[] { 1.0 }, lower = -1e308, upper = 1e308, mechanism, epsilon = 0.01, delta });

        var problem = await JsonAsync(response, status);
        Assert.StartsWith(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var budget = (await JsonAsync(await Client().GetAsync($"/gw/{Slug}/v1/dp/budget?dataset={dataset}"), HttpStatusCode.OK)).GetProperty("dataset");
        Assert.Equal((0, 10.0), (budget.GetProperty("queries").GetInt32(), budget.GetProperty("remainingEpsilon").GetDouble()));
    }

    [Fact]
    public async Task Spends_are_stored_and_a_fresh_scope_sees_them()
    {
        var dataset = await DatasetAsync();

        await JsonAsync(await Client().PostAsJsonAsync($"/gw/{Slug}/v1/dp/count", Count(dataset, 0.25)), HttpStatusCode.OK);

        await using var scope = factory.Services.CreateAsyncScope();
        var spend = await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().PrivacyBudgetSpends.SingleAsync(s => s.DatasetId == Guid.Parse(dataset));
        Assert.Equal((globex, "count", 0.25, 0.0), (spend.OrganizationId, spend.Query, spend.Epsilon, spend.Delta));
        var status = await scope.ServiceProvider.GetRequiredService<PrivacyBudgetLedger>().GetStatusAsync(globex, Guid.Parse(dataset), CancellationToken.None);
        Assert.Equal(9.75, status.Dataset.RemainingEpsilon, 9);
    }

    [Fact]
    public async Task The_budget_endpoint_needs_a_dataset_id()
    {
        var response = await Client().GetAsync($"/gw/{Slug}/v1/dp/budget");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'dataset'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sum", "decimal")]
    [InlineData("mean", "hex")]
    [InlineData("sum", "base64")]
    public async Task A_paillier_sum_through_the_api_decrypts_to_the_plain_sum(string operation, string format)
    {
        var keys = Keys.Value;
        long[] values = [5, -3, 1_000, 42, 123_456_789];
        var ciphertexts = values.Select(v => Format(keys.Encrypt(v), format)).ToArray();
        var encoding = format == "base64" ? "base64" : null;

        var response = await Client().PostAsJsonAsync(
            $"/gw/{Slug}/v1/paillier/{operation}", new { publicKey = new { n = Format(keys.PublicKey.N, format) }, ciphertexts, encoding });

        var body = await JsonAsync(response, HttpStatusCode.OK);
        var ciphertext = body.GetProperty("ciphertext").GetString()!;
        Assert.Equal(values.Sum(), (long)keys.Decrypt(Parse(ciphertext, format)));
        Assert.Equal(values.Length, body.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Malformed_ciphertexts_and_weak_keys_get_400_naming_the_field()
    {
        var keys = Keys.Value;
        var n = keys.PublicKey.N.ToString(CultureInfo.InvariantCulture);
        var good = keys.Encrypt(7).ToString(CultureInfo.InvariantCulture);
        var nSquared = keys.PublicKey.NSquared.ToString(CultureInfo.InvariantCulture);

        (object Body, string Expected)[] cases =
        [
            (new { publicKey = new { n }, ciphertexts = new[] { good, good, good, good, good, good, good, "12ab" } }, "'ciphertexts[7]'"),
            (new { publicKey = new { n }, ciphertexts = new[] { good, nSquared } }, "'ciphertexts[1]'"),
            (new { publicKey = new { n }, ciphertexts = new[] { "0" } }, "'ciphertexts[0]'"),
            (new { publicKey = new { n }, ciphertexts = new[] { good, null } }, "'ciphertexts[1]'"),
            (new { publicKey = new { n }, ciphertexts = Array.Empty<string>() }, "'ciphertexts'"),
            (new { publicKey = new { n = PaillierKeyPair.Generate(512).PublicKey.N.ToString(CultureInfo.InvariantCulture) }, ciphertexts = new[] { good } }, "'publicKey.n' has 512 bits"),
            (new { publicKey = new { n = "0xzz" }, ciphertexts = new[] { good } }, "'publicKey.n' could not be read"),
            (new { ciphertexts = new[] { good } }, "'publicKey.n' is required"),
            (new { publicKey = new { n }, ciphertexts = new[] { good, good, n, good }, encoding = (string?)null }, "'ciphertexts[2]' is not a ciphertext"),
            (new { publicKey = new { n }, ciphertexts = new[] { good }, encoding = "hex" }, "'encoding'"),
            (new { publicKey = new { n = Format(keys.PublicKey.N, "base64") }, ciphertexts = new[] { Format(keys.Encrypt(7), "base64"), "not base64!" }, encoding = "base64" }, "'ciphertexts[1]'"),
            (new { publicKey = new { n = Format(keys.PublicKey.N, "base64") }, ciphertexts = new[] { Format(keys.PublicKey.N * 3, "base64") }, encoding = "base64" }, "'ciphertexts[0]'"),
            // A key not written as the encoding says. Not a decimal key as base64: digits are base64 characters, so a 1024-bit
            // key's 308 digits (when it has 308 rather than 309) decode; its 0x-hex form, 259 characters, never does.
            (new { publicKey = new { n = Format(keys.PublicKey.N, "hex") }, ciphertexts = new[] { good }, encoding = "base64" }, "'publicKey.n'"),
            (new { publicKey = new { n = Format(keys.PublicKey.N, "base64") }, ciphertexts = new[] { good } }, "for base64 send \\\"encoding\\\": \\\"base64\\\""),
        ];
        foreach (var (body, expected) in cases)
        {
            var response = await Client().PostAsJsonAsync($"/gw/{Slug}/v1/paillier/sum", body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static string Format(BigInteger value, string format) => format switch
    {
        "hex" => "0x" + value.ToString("x", CultureInfo.InvariantCulture),
        "base64" => Convert.ToBase64String(value.ToByteArray(isUnsigned: true, isBigEndian: true)),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static BigInteger Parse(string text, string format) => format switch
    {
        "hex" => BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
        "base64" => new BigInteger(Convert.FromBase64String(text), isUnsigned: true, isBigEndian: true),
        _ => BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture),
    };
}
