using System.Text;
using static TrustVault.Core.Catalog.Snippets.SnippetText;

namespace TrustVault.Core.Catalog.Snippets;

public enum SnippetLanguage
{
    Curl,
    TypeScript,
    Python,
    Go,
    CSharp,
}

/// <summary>
/// Ready-to-run code for one gateway call, in curl and with each of TrustVault's SDKs (sdk/): the SDK's own gateway call
/// (<c>call</c>, <c>Call</c>, <c>CallAsync</c>) with the key given as the SDK takes it. Without a key in hand the code reads it
/// from <see cref="KeyVariable"/>, so it runs as it is once that is set and never holds a secret.
/// </summary>
public static class CodeSnippets
{
    public const string KeyVariable = "TRUSTVAULT_API_KEY";

    public static IReadOnlyList<SnippetLanguage> Languages { get; } = Enum.GetValues<SnippetLanguage>();

    public static string Label(SnippetLanguage language) => language switch
    {
        SnippetLanguage.Curl => "curl",
        SnippetLanguage.TypeScript => "TypeScript",
        SnippetLanguage.Python => "Python",
        SnippetLanguage.Go => "Go",
        _ => "C#",
    };

    /// <param name="baseUrl">Where TrustVault runs, e.g. https://trustvault.example.com/.</param>
    /// <param name="apiKey">The key to write into the code; null reads it from <see cref="KeyVariable"/>.</param>
    public static string Write(SnippetLanguage language, Uri baseUrl, SnippetRequest request, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(request);
        var root = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return language switch
        {
            SnippetLanguage.Curl => Curl(root, request, apiKey),
            SnippetLanguage.TypeScript => TypeScript(root, request, apiKey),
            SnippetLanguage.Python => Python(root, request, apiKey),
            SnippetLanguage.Go => Go(root, request, apiKey),
            _ => CSharp(root, request, apiKey),
        };
    }

    private static IEnumerable<KeyValuePair<string, string>> BodyHeaders(SnippetRequest request) =>
        request.HasBody ? [KeyValuePair.Create("Content-Type", request.ContentType ?? "application/json")] : [];

    private static string Curl(string root, SnippetRequest request, string? apiKey)
    {
        var url = $"{root}/gw/{Uri.EscapeDataString(request.Slug)}{request.PathAndQuery}";
        var lines = new List<string> { request.Method == "GET" ? $"curl {ShellQuoted(url)}" : $"curl -X {request.Method} {ShellQuoted(url)}" };
        // Double quotes let the shell expand the variable; a key written in is quoted like any other text.
        lines.Add(apiKey is null ? $"-H \"{GatewayHeaders.ApiKey}: ${KeyVariable}\"" : $"-H {ShellQuoted($"{GatewayHeaders.ApiKey}: {apiKey}")}");
        lines.AddRange(BodyHeaders(request).Concat(request.Headers).Select(h => $"-H {ShellQuoted($"{h.Key}: {h.Value}")}"));
        if (request.Body is { } body)
        {
            lines.Add($"--data-binary {ShellQuoted(body)}");
        }

        return string.Join(" \\\n  ", lines);
    }

    private static string TypeScript(string root, SnippetRequest request, string? apiKey)
    {
        var key = apiKey is null ? $"process.env.{KeyVariable}" : Quoted(apiKey);
        var options = new List<string>();
        var headers = request.Headers.ToList();
        if (request.Body is { } body)
        {
            if (request.HasJsonBody)
            {
                options.Add($"json: {IndentedJson(ParseJson(body)!, 2, "  ")}");
            }
            else
            {
                options.Add($"body: {Quoted(body)}");
                headers.InsertRange(0, BodyHeaders(request));
            }
        }

        if (headers.Count > 0)
        {
            options.Add($"headers: {{ {string.Join(", ", headers.Select(h => $"{Quoted(h.Key)}: {Quoted(h.Value)}"))} }}");
        }

        var call = $"tv.call({Quoted(request.Slug)}, {Quoted(request.Method)}, {Quoted(request.PathAndQuery)}";
        call += options.Count == 0 ? ");" : $", {{\n{string.Join(",\n", options.Select(o => "  " + o))},\n}});";
        return $$"""
            import { TrustVaultClient } from "@trustvault/client";

            const tv = new TrustVaultClient({ baseUrl: {{Quoted(root)}}, apiKey: {{key}} });
            const response = await {{call}}
            console.log(response.status, await response.text());
            """;
    }

    private static string Python(string root, SnippetRequest request, string? apiKey)
    {
        var arguments = new List<string> { Quoted(request.Slug), Quoted(request.Method), Quoted(request.PathAndQuery) };
        var headers = request.Headers.ToList();
        if (request.Body is { } body)
        {
            if (request.HasJsonBody)
            {
                arguments.Add($"json={PythonLiteral(ParseJson(body), "")}");
            }
            else
            {
                arguments.Add($"body={Quoted(body)}");
                headers.InsertRange(0, BodyHeaders(request));
            }
        }

        if (headers.Count > 0)
        {
            arguments.Add($"headers={{{string.Join(", ", headers.Select(h => $"{Quoted(h.Key)}: {Quoted(h.Value)}"))}}}");
        }

        var code = new StringBuilder();
        if (apiKey is null)
        {
            code.Append("import os\n");
        }

        code.Append("from trustvault import TrustVaultClient\n\n")
            .Append($"tv = TrustVaultClient({Quoted(root)}, api_key={(apiKey is null ? $"os.environ[{Quoted(KeyVariable)}]" : Quoted(apiKey))})\n")
            .Append($"response = tv.call({string.Join(", ", arguments)})\n")
            .Append("print(response.status, response.text())");
        return code.ToString();
    }

    private static string Go(string root, SnippetRequest request, string? apiKey)
    {
        var headers = BodyHeaders(request).Concat(request.Headers).ToList();
        var imports = new List<string> { "context", "fmt" };
        if (headers.Count > 0)
        {
            imports.Add("net/http");
        }

        if (apiKey is null)
        {
            imports.Add("os");
        }

        var code = new StringBuilder("package main\n\nimport (\n");
        foreach (var name in imports)
        {
            code.Append($"\t\"{name}\"\n");
        }

        code.Append("\n\t\"trustvault\"\n)\n\nfunc main() {\n")
            .Append($"\ttv, err := trustvault.NewClient({Quoted(root)}, trustvault.Options{{APIKey: {(apiKey is null ? $"os.Getenv({Quoted(KeyVariable)})" : Quoted(apiKey))}}})\n")
            .Append("\tif err != nil {\n\t\tpanic(err)\n\t}\n");
        var body = "nil";
        if (request.Body is { } text)
        {
            // A raw string keeps a JSON or CSV body readable; one with a backtick or a carriage return cannot be raw.
            code.Append($"\tbody := []byte({(text.Contains('`') || text.Contains('\r') ? Quoted(text) : $"`{text}`")})\n");
            body = "body";
        }

        var header = "nil";
        if (headers.Count > 0)
        {
            code.Append("\theader := http.Header{}\n");
            foreach (var (name, value) in headers)
            {
                code.Append($"\theader.Set({Quoted(name)}, {Quoted(value)})\n");
            }

            header = "header";
        }

        return code
            .Append($"\tresponse, err := tv.Call(context.Background(), {Quoted(request.Slug)}, {Quoted(request.Method)}, {Quoted(request.PathAndQuery)}, {body}, {header})\n")
            .Append("\tif err != nil {\n\t\tpanic(err)\n\t}\n")
            .Append("\tfmt.Println(response.StatusCode, string(response.Body))\n}")
            .ToString();
    }

    private static string CSharp(string root, SnippetRequest request, string? apiKey)
    {
        var key = apiKey is null ? $"Environment.GetEnvironmentVariable({Quoted(KeyVariable)})" : Quoted(apiKey);
        var code = new StringBuilder();
        code.Append(request.HasBody ? "using System.Text;\nusing TrustVault.Client;\n\n" : "using TrustVault.Client;\n\n")
            .Append($"using var tv = new TrustVaultClient(new Uri({Quoted(root)}), apiKey: {key});\n");
        if (request.Headers.Count > 0)
        {
            // CallAsync takes the method, path and content only: say which declared headers the code leaves out.
            code.Append($"// CallAsync sends no other request headers: add {string.Join(", ", request.Headers.Select(h => h.Key))} with HttpClient if the API needs them.\n");
        }

        var content = "";
        if (request.Body is { } body)
        {
            code.Append($"using var content = new StringContent({RawString(body)}, Encoding.UTF8, {Quoted(request.ContentType ?? "application/json")});\n");
            content = ", content";
        }

        return code
            .Append($"using var response = await tv.CallAsync({Quoted(request.Slug)}, {CSharpMethod(request.Method)}, {Quoted(request.PathAndQuery)}{content});\n")
            .Append("Console.WriteLine($\"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\");")
            .ToString();
    }

    /// <summary>A C# raw string literal whose delimiter is longer than any run of quotes in the text; the closing one at column 0 trims nothing.</summary>
    private static string RawString(string text)
    {
        var (longest, run) = (0, 0);
        foreach (var c in text)
        {
            run = c == '"' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var quotes = new string('"', Math.Max(3, longest + 1));
        return $"{quotes}\n{text.ReplaceLineEndings("\n")}\n{quotes}";
    }

    private static string CSharpMethod(string method) => method switch
    {
        "GET" => "HttpMethod.Get",
        "POST" => "HttpMethod.Post",
        "PUT" => "HttpMethod.Put",
        "PATCH" => "HttpMethod.Patch",
        "DELETE" => "HttpMethod.Delete",
        "HEAD" => "HttpMethod.Head",
        "OPTIONS" => "HttpMethod.Options",
        _ => $"new HttpMethod({Quoted(method)})",
    };
}
