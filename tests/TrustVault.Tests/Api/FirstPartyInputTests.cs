using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Api;

namespace TrustVault.Tests.Api;

/// <summary>
/// Bad input to every first-party endpoint, through the gateway with the demo key: a 4xx problem naming the field,
/// never a 5xx. The property throws mutations of each endpoint's documented example at it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FirstPartyInputTests(FirstPartyApiFactory factory) : IClassFixture<FirstPartyApiFactory>, IAsyncLifetime
{
    private const string Series24 = "[112,118,132,129,121,135,148,148,136,119,104,118,115,126,141,135,125,149,170,170,158,133,114,140]";

    private static readonly Lazy<PaillierKeyPair> Keys = new(() => PaillierKeyPair.Generate(1024));

    public async Task InitializeAsync()
    {
        foreach (var api in FirstPartyApis.Listings)
        {
            await DemoCustomer.UseRoomiestPlanAsync(factory, api.Slug);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "ai-analytics/v1/forecast", """{"series":["NaN",1,2,3],"horizon":1,"seasonLength":2}""", "series[0]" },
        { "ai-analytics/v1/forecast", """{"series":[1,"Infinity",2,3],"horizon":1,"seasonLength":2}""", "series[1]" },
        { "ai-analytics/v1/forecast", """{"series":[1,2,1e400,3],"horizon":1,"seasonLength":2}""", "series[2]" },
        { "ai-analytics/v1/forecast", $$"""{"series":[{{string.Join(',', Enumerable.Repeat("1e308", 24))}}],"horizon":6,"seasonLength":12}""", "series" },
        { "ai-analytics/v1/forecast", $$"""{"series":{{Series24}},"horizon":6,"seasonLength":12,"seasonality":1}""", "seasonality" },
        { "ai-analytics/v1/forecast", $$"""{"series":{{Series24}},"horizon":6,"seasonLength":12,"horizn":3}""", "horizn" },
        { "business-intelligence/v1/mrr", """{"streams":[{"customerId":"c1","start":"2026-01-01","monthlyAmount":79228162514264337593543950335,"currency":"USD"},{"customerId":"c2","start":"2026-01-01","monthlyAmount":79228162514264337593543950335,"currency":"USD"}],"from":"2026-01","to":"2026-03"}""", "streams[0].monthlyAmount" },
        { "business-intelligence/v1/mrr", """{"streams":[],"oneOffCharges":[{"customerId":"c1","at":"2026-01-05","amount":-79228162514264337593543950335,"currency":"USD"},{"customerId":"c1","at":"2026-01-06","amount":-79228162514264337593543950335,"currency":"USD"}],"from":"2026-01","to":"2026-03"}""", "oneOffCharges[0].amount" },
        { "business-intelligence/v1/mrr", """{"streams":[],"from":"2026-01","to":"2026-03","currency":"USD"}""", "currency" },
        { "privacy-analytics/v1/dp/sum", """{"dataset":"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57","values":["NaN",2],"lower":0,"upper":10,"mechanism":"laplace","epsilon":1}""", "values[0]" },
        { "privacy-analytics/v1/dp/mean", """{"dataset":"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57","values":[12.5,40],"lower":0,"upper":100,"mechanism":"gaussian","epsilon":856989054,"delta":1E-07}""", "epsilon" },
        { "privacy-analytics/v1/dp/count", """{"dataset":"019a8f3e-5c2d-7a41-9b6e-4d2c8e1f0a57","values":[1,2],"mechanism":"laplace","epsilon":1,"epsilom":1}""", "epsilom" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_gets_a_4xx_problem_naming_the_field(string path, string body, string field)
    {
        var response = await DemoCustomer.Client(factory).PostAsync($"/gw/{path}", DemoCustomer.Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(text.Contains($"'{field}'", StringComparison.Ordinal), text);
        Assert.DoesNotContain("TrustVault.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paillier_ciphertext_must_be_coprime_with_n()
    {
        var n = Keys.Value.PublicKey.N;
        var good = Keys.Value.PublicKey.Encrypt(5).ToString(CultureInfo.InvariantCulture);
        foreach (var bad in new[] { n, n * 2, n * (n - 1) })
        {
            var body = $$"""{"publicKey":{"n":"{{n}}"},"ciphertexts":["{{good}}","{{bad}}"]}""";

            var response = await DemoCustomer.Client(factory).PostAsync("/gw/privacy-analytics/v1/paillier/sum", DemoCustomer.Json(body));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("'ciphertexts[1]'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>One request: the route's path with a query, and its body.</summary>
    public sealed record Call(string Method, string Path, string? ContentType, string? Body)
    {
        public override string ToString() => $"{Method} {Path} {Body?[..Math.Min(Body.Length, 600)]}";
    }

    /// <summary>
    /// 2,000 calls spread over every first-party endpoint of the generated documents; on failure FsCheck prints the
    /// shrunk call and the seed that replays it (Config.WithReplay).
    /// </summary>
    [Fact]
    public async Task No_input_to_a_first_party_endpoint_gets_a_5xx()
    {
        var routes = Route.All(await FirstPartyDocuments.GenerateAsync(factory.Services, CancellationToken.None));
        var client = DemoCustomer.Client(factory);
        var property = Prop.ForAll(Calls(routes).ToArbitrary(), async call =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
            if (call.Body is not null)
            {
                request.Content = new StringContent(call.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.ContentType!);
            }

            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            return status < 500 || routes.Single(r => r.Method == call.Method && call.Path.Split('?')[0] == r.Path).Problems.Contains(status);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    /// <summary>An operation of a first-party document without path parameters, with what its document says a call may send and get.</summary>
    /// <param name="Query">The query parameters, with their example or null.</param>
    /// <param name="Problems">The 5xx statuses the operation documents (a node that fails, none configured).</param>
    private sealed record Route(string Method, string Path, string? ContentType, JsonNode? Example, IReadOnlyList<(string Name, string? Example)> Query, IReadOnlyList<int> Problems)
    {
        public static Route[] All(IReadOnlyDictionary<string, string> documents) =>
        [
            .. from document in documents
               let root = JsonNode.Parse(document.Value)!
               from path in root["paths"]!.AsObject()
               where !path.Key.Contains('{', StringComparison.Ordinal)
               from operation in path.Value!.AsObject()
               let body = operation.Value!["requestBody"]?["content"]?.AsObject().FirstOrDefault()
               select new Route(
                   operation.Key.ToUpperInvariant(),
                   $"/gw/{document.Key}{path.Key}",
                   body?.Key,
                   body?.Value?["example"],
                   [.. (operation.Value["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query").Select(p => ((string)p!["name"]!, (string?)p["example"]))],
                   [.. operation.Value["responses"]!.AsObject().Select(r => int.Parse(r.Key, CultureInfo.InvariantCulture)).Where(s => s >= 500)]),
        ];
    }

    /// <summary>Numbers and values that engines choke on: non-finite, past a type's range, the wrong type, empty.</summary>
    private static readonly string[] Adversarial =
    [
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e400", "-1e400", "1e308", "-1e308", "5e-324", "0", "-0", "-1", "1", "0.5",
        "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616", "79228162514264337593543950335",
        "-79228162514264337593543950335", "1e28", "\"\"", "\" \"", "\"x\"", "\"12\"", "\"2026-13-45\"", "\"0x\"", "\"0xff\"", "\"-1\"",
        $"\"{new string('9', 3000)}\"", "null", "true", "[]", "{}", "[null]", "[\"NaN\"]", "[[[[[]]]]]",
        $"[{string.Join(',', Enumerable.Repeat("1e308", 24))}]", $"[{string.Join(',', Enumerable.Repeat("-1e308", 30))}]",
        $"[{string.Join(',', Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "1e308" : "-1e308"))}]",
    ];

    private static Gen<string> Value() =>
        Gen.OneOf(
            Gen.Elements(Adversarial),
            Gen.Choose(-400, 400).Zip(Gen.Choose(-999, 999), (exponent, mantissa) => $"{mantissa}e{exponent}"),
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static Gen<Call> Calls(Route[] routes) =>
        from target in Gen.Elements(routes)
        from query in Query(target)
        from body in Body(target)
        select new Call(target.Method, $"{target.Path}{query}", target.ContentType, body);

    private static Gen<string> Query(Route route) =>
        route.Query.Count == 0
            ? Gen.Constant("")
            : Gen.CollectToArray(route.Query, p => Gen.OneOf(
                    Gen.Constant(p.Example is null ? "" : $"{p.Name}={Uri.EscapeDataString(p.Example)}"),
                    Value().Select(v => $"{p.Name}={Uri.EscapeDataString(v.Trim('"'))}")))
                .Select(pairs => "?" + string.Join('&', pairs.Where(p => p.Length > 0)));

    private static Gen<string?> Body(Route route) =>
        route switch
        {
            { ContentType: null } => Gen.Constant<string?>(null),
            { ContentType: "application/json", Example: { } example } => JsonBody(example).Select(b => (string?)b),
            _ => ArbMap.Default.GeneratorFor<string>().Select(s => (string?)("a,b\n" + s)),
        };

    /// <summary>The example with one to three of its values replaced, a field added or removed; or not JSON of its shape at all.</summary>
    private static Gen<string> JsonBody(JsonNode example) =>
        Gen.Frequency(
            (8, Gen.Choose(1, 3).SelectMany(count => Gen.ListOf(Mutation(), count)).Select(mutations =>
            {
                var body = example.DeepClone();
                foreach (var mutate in mutations)
                {
                    body = mutate(body);
                }

                return body.ToJsonString();
            })),
            (1, Value()),
            (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")));

    private static Gen<Func<JsonNode, JsonNode>> Mutation() =>
        Gen.OneOf(
            from pick in Gen.Choose(0, int.MaxValue)
            from value in Value()
            select (Func<JsonNode, JsonNode>)(body => Replace(body, pick, JsonNode.Parse(value))),
            from pick in Gen.Choose(0, int.MaxValue)
            from name in Gen.Elements("extra", "Series", "__proto__", "valuez", "")
            from value in Value()
            select (Func<JsonNode, JsonNode>)(body => AddField(body, pick, name, value)),
            from pick in Gen.Choose(0, int.MaxValue)
            select (Func<JsonNode, JsonNode>)(body => RemoveField(body, pick)));

    /// <summary>Every node below the root with its parent, in document order.</summary>
    private static List<(JsonNode Parent, JsonNode? Node, string? Name, int Index)> Children(JsonNode root)
    {
        var all = new List<(JsonNode, JsonNode?, string?, int)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject o)
            {
                foreach (var (name, child) in o.ToList())
                {
                    all.Add((o, child, name, -1));
                    if (child is not null)
                    {
                        Walk(child);
                    }
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    all.Add((a, a[i], null, i));
                    if (a[i] is { } child)
                    {
                        Walk(child);
                    }
                }
            }
        }

        Walk(root);
        return all;
    }

    private static JsonNode Replace(JsonNode body, int pick, JsonNode? value)
    {
        var children = Children(body);
        if (children.Count == 0)
        {
            return value ?? JsonValue.Create(0);
        }

        var (parent, _, name, index) = children[pick % children.Count];
        if (parent is JsonObject o)
        {
            o[name!] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }

        return body;
    }

    private static JsonNode AddField(JsonNode body, int pick, string name, string value)
    {
        var objects = Children(body).Select(c => c.Node).OfType<JsonObject>().Prepend(body as JsonObject).OfType<JsonObject>().ToList();
        if (objects.Count > 0 && objects[pick % objects.Count] is var target && !target.ContainsKey(name))
        {
            target[name] = JsonNode.Parse(value);
        }

        return body;
    }

    private static JsonNode RemoveField(JsonNode body, int pick)
    {
        var fields = Children(body).Where(c => c.Name is not null).ToList();
        if (fields.Count > 0)
        {
            var (parent, _, name, _) = fields[pick % fields.Count];
            parent.AsObject().Remove(name!);
        }

        return body;
    }
}
