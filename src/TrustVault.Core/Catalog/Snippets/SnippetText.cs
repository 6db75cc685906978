using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustVault.Core.Catalog.Snippets;

/// <summary>How the snippet writers turn text into literals of the languages they write.</summary>
internal static class SnippetText
{
    /// <summary>
    /// A double-quoted string literal valid in TypeScript, Python, Go and C# alike: backslash, quote and control characters
    /// escaped (as \n, \r, \t or \uXXXX, which all four read the same way), everything else as it is.
    /// </summary>
    public static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                // Line and paragraph separators end a line in older JavaScript, C# and Python source.
                < ' ' or '\u007f' or '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>A POSIX shell word in single quotes: nothing inside is expanded; a quote in the text closes, escapes and reopens.</summary>
    public static string ShellQuoted(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    public static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>JSON indented by <paramref name="width"/> spaces per level, its lines after the first indented by <paramref name="indent"/> more.</summary>
    public static string IndentedJson(JsonNode node, int width, string indent)
    {
        // Relaxed escaping keeps non-ASCII text readable; the text is code to copy, never inserted into HTML unescaped.
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = width, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return node.ToJsonString(options).ReplaceLineEndings("\n" + indent);
    }

    /// <summary>A JSON value as a Python literal: dicts, lists, True/False/None, strings quoted as Python reads them.</summary>
    public static string PythonLiteral(JsonNode? node, string indent)
    {
        var inner = indent + "    ";
        return node switch
        {
            null => "None",
            JsonObject { Count: 0 } => "{}",
            JsonObject o => "{\n" + string.Join(",\n", o.Select(p => $"{inner}{Quoted(p.Key)}: {PythonLiteral(p.Value, inner)}")) + $",\n{indent}}}",
            JsonArray { Count: 0 } => "[]",
            JsonArray a => "[\n" + string.Join(",\n", a.Select(v => inner + PythonLiteral(v, inner))) + $",\n{indent}]",
            JsonValue v => v.GetValueKind() switch
            {
                JsonValueKind.String => Quoted(v.GetValue<string>()),
                JsonValueKind.True => "True",
                JsonValueKind.False => "False",
                JsonValueKind.Null => "None",
                _ => v.ToJsonString(),
            },
            _ => "None",
        };
    }
}
