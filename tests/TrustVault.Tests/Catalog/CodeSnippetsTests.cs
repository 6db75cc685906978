using TrustVault.Core.Catalog.Snippets;

namespace TrustVault.Tests.Catalog;

/// <summary>Each language's code for one gateway call: the SDK's own call, values escaped as the language reads them, the key never written in unless given.</summary>
public sealed class CodeSnippetsTests
{
    private static readonly Uri Site = new("https://tv.example.com/");

    private static SnippetRequest Get(string path = "/v1/items/42", params KeyValuePair<string, string>[] query) =>
        new("skycast-weather", "GET", path, query, []);

    private static SnippetRequest PostJson(string body) =>
        new("skycast-weather", "POST", "/v1/forecast", [], [], body, "application/json");

    [Fact]
    public void Path_values_are_one_escaped_segment_each_and_a_missing_one_is_a_named_placeholder()
    {
        var path = SnippetRequest.FillPath("/v1/cities/{city}/days/{day}", new Dictionary<string, string> { ["city"] = "São Paulo/x" }, n => $"YOUR_{n.ToUpperInvariant()}");

        Assert.Equal("/v1/cities/S%C3%A3o%20Paulo%2Fx/days/YOUR_DAY", path);
    }

    [Fact]
    public void The_query_is_percent_encoded_in_the_path_every_sdk_takes()
    {
        var request = Get("/v1/search", KeyValuePair.Create("q", "a&b=c d"), KeyValuePair.Create("days", "7"));

        Assert.Equal("/v1/search?q=a%26b%3Dc%20d&days=7", request.PathAndQuery);
        foreach (var language in CodeSnippets.Languages)
        {
            Assert.Contains("/v1/search?q=a%26b%3Dc%20d&days=7", CodeSnippets.Write(language, Site, request), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_key_every_language_reads_it_from_the_environment_and_with_one_writes_it_in()
    {
        foreach (var language in CodeSnippets.Languages)
        {
            var withoutKey = CodeSnippets.Write(language, Site, Get());
            var withKey = CodeSnippets.Write(language, Site, Get(), "tv_live_secret123");

            Assert.Contains(CodeSnippets.KeyVariable, withoutKey, StringComparison.Ordinal);
            Assert.DoesNotContain("tv_live_", withoutKey, StringComparison.Ordinal);
            Assert.Contains("tv_live_secret123", withKey, StringComparison.Ordinal);
            Assert.DoesNotContain(CodeSnippets.KeyVariable, withKey, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Curl_quotes_every_word_for_the_shell_and_expands_only_the_key_variable()
    {
        var request = new SnippetRequest("skycast-weather", "POST", "/v1/notes", [], [KeyValuePair.Create("X-Note", "it's $HOME")], "{\"text\": \"it's `date`\"}", "application/json");

        var curl = CodeSnippets.Write(SnippetLanguage.Curl, Site, request);

        Assert.Equal(
            """
            curl -X POST 'https://tv.example.com/gw/skycast-weather/v1/notes' \
              -H "X-Api-Key: $TRUSTVAULT_API_KEY" \
              -H 'Content-Type: application/json' \
              -H 'X-Note: it'\''s $HOME' \
              --data-binary '{"text": "it'\''s `date`"}'
            """.ReplaceLineEndings("\n"),
            curl);
        Assert.Contains("-H 'X-Api-Key: tv_'\\''x'", CodeSnippets.Write(SnippetLanguage.Curl, Site, Get(), "tv_'x"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_get_without_a_body_is_a_bare_call_in_each_sdk()
    {
        Assert.StartsWith("curl 'https://tv.example.com/gw/skycast-weather/v1/items/42'", CodeSnippets.Write(SnippetLanguage.Curl, Site, Get()), StringComparison.Ordinal);
        Assert.Contains("await tv.call(\"skycast-weather\", \"GET\", \"/v1/items/42\");", CodeSnippets.Write(SnippetLanguage.TypeScript, Site, Get()), StringComparison.Ordinal);
        Assert.Contains("tv.call(\"skycast-weather\", \"GET\", \"/v1/items/42\")\n", CodeSnippets.Write(SnippetLanguage.Python, Site, Get()), StringComparison.Ordinal);
        var go = CodeSnippets.Write(SnippetLanguage.Go, Site, Get());
        Assert.Contains("tv.Call(context.Background(), \"skycast-weather\", \"GET\", \"/v1/items/42\", nil, nil)", go, StringComparison.Ordinal);
        // Go refuses an unused import: net/http only comes with headers.
        Assert.DoesNotContain("net/http", go, StringComparison.Ordinal);
        var csharp = CodeSnippets.Write(SnippetLanguage.CSharp, Site, Get());
        Assert.Contains("await tv.CallAsync(\"skycast-weather\", HttpMethod.Get, \"/v1/items/42\");", csharp, StringComparison.Ordinal);
        Assert.DoesNotContain("StringContent", csharp, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_body_is_a_literal_of_each_language()
    {
        var request = PostJson("""{"name": "Zoë \"Z\"", "ok": true, "none": null, "n": [1, 2.5e3]}""");

        Assert.Contains("json: {\n    \"name\": \"Zoë \\\"Z\\\"\",\n    \"ok\": true,", CodeSnippets.Write(SnippetLanguage.TypeScript, Site, request), StringComparison.Ordinal);
        var python = CodeSnippets.Write(SnippetLanguage.Python, Site, request);
        Assert.Contains("json={\n    \"name\": \"Zoë \\\"Z\\\"\",\n    \"ok\": True,\n    \"none\": None,\n    \"n\": [\n        1,\n        2.5e3,\n    ],\n})", python, StringComparison.Ordinal);
        var go = CodeSnippets.Write(SnippetLanguage.Go, Site, request);
        Assert.Contains("body := []byte(`{\"name\": \"Zoë \\\"Z\\\"\", \"ok\": true, \"none\": null, \"n\": [1, 2.5e3]}`)", go, StringComparison.Ordinal);
        Assert.Contains("header.Set(\"Content-Type\", \"application/json\")", go, StringComparison.Ordinal);
        var csharp = CodeSnippets.Write(SnippetLanguage.CSharp, Site, request);
        Assert.Contains("new StringContent(\"\"\"\n{\"name\": \"Zoë \\\"Z\\\"\"", csharp, StringComparison.Ordinal);
        Assert.Contains("HttpMethod.Post, \"/v1/forecast\", content);", csharp, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_body_is_sent_as_a_string_with_its_content_type()
    {
        var request = new SnippetRequest("ai-analytics", "POST", "/v1/profile", [], [], "a,b\n1,\"x\"\n", "text/csv");

        Assert.Contains("body: \"a,b\\n1,\\\"x\\\"\\n\",\n  headers: { \"Content-Type\": \"text/csv\" },", CodeSnippets.Write(SnippetLanguage.TypeScript, Site, request), StringComparison.Ordinal);
        Assert.Contains("body=\"a,b\\n1,\\\"x\\\"\\n\", headers={\"Content-Type\": \"text/csv\"})", CodeSnippets.Write(SnippetLanguage.Python, Site, request), StringComparison.Ordinal);
        Assert.Contains("Encoding.UTF8, \"text/csv\");", CodeSnippets.Write(SnippetLanguage.CSharp, Site, request), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_a_raw_literal_cannot_hold_is_quoted_or_gets_a_longer_delimiter()
    {
        Assert.Contains("body := []byte(\"{\\\"cmd\\\": \\\"`ls`\\\"}\")", CodeSnippets.Write(SnippetLanguage.Go, Site, PostJson("{\"cmd\": \"`ls`\"}")), StringComparison.Ordinal);
        // Three quotes in a row in the body: the C# raw literal's delimiter is four.
        var tripleQuoted = new SnippetRequest("s", "POST", "/p", [], [], "say \"\"\"hi\"\"\"", "text/plain");
        Assert.Contains("new StringContent(\"\"\"\"\nsay \"\"\"hi\"\"\"\n\"\"\"\",", CodeSnippets.Write(SnippetLanguage.CSharp, Site, tripleQuoted), StringComparison.Ordinal);
    }

    [Fact]
    public void Headers_are_quoted_in_each_sdk_and_csharp_says_it_cannot_send_them()
    {
        var request = new SnippetRequest("skycast-weather", "GET", "/v1/items", [], [KeyValuePair.Create("X-Tenant", "a\"b\\c")]);

        Assert.Contains("headers: { \"X-Tenant\": \"a\\\"b\\\\c\" }", CodeSnippets.Write(SnippetLanguage.TypeScript, Site, request), StringComparison.Ordinal);
        Assert.Contains("headers={\"X-Tenant\": \"a\\\"b\\\\c\"}", CodeSnippets.Write(SnippetLanguage.Python, Site, request), StringComparison.Ordinal);
        var go = CodeSnippets.Write(SnippetLanguage.Go, Site, request);
        Assert.Contains("header.Set(\"X-Tenant\", \"a\\\"b\\\\c\")", go, StringComparison.Ordinal);
        Assert.Contains("\"net/http\"", go, StringComparison.Ordinal);
        Assert.Contains("// CallAsync sends no other request headers: add X-Tenant", CodeSnippets.Write(SnippetLanguage.CSharp, Site, request), StringComparison.Ordinal);
    }

    [Fact]
    public void Control_and_line_separator_characters_are_escaped_in_string_literals()
    {
        var request = new SnippetRequest("s", "POST", "/p", [], [], "a\u2028b\u0001", "text/plain");

        Assert.Contains("\"a\\u2028b\\u0001\"", CodeSnippets.Write(SnippetLanguage.Python, Site, request), StringComparison.Ordinal);
        Assert.Contains("\"a\\u2028b\\u0001\"", CodeSnippets.Write(SnippetLanguage.TypeScript, Site, request), StringComparison.Ordinal);
    }

    [Fact]
    public void The_base_url_keeps_a_path_prefix_and_drops_a_query()
    {
        var curl = CodeSnippets.Write(SnippetLanguage.Curl, new Uri("https://tv.example.com/trustvault/?x=1"), Get());

        Assert.StartsWith("curl 'https://tv.example.com/trustvault/gw/skycast-weather/v1/items/42'", curl, StringComparison.Ordinal);
    }
}
