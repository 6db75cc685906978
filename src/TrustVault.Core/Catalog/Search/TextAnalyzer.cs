using System.Globalization;
using System.Text;

namespace TrustVault.Core.Catalog.Search;

/// <summary>Turns text into search terms: lower case, split on anything but letters and digits, plural "s" dropped.</summary>
public static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords =
        ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the", "to", "with", "your", "you"];

    public static IEnumerable<string> Terms(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                continue;
            }

            if (Flush(current) is { } term)
            {
                yield return term;
            }
        }

        if (Flush(current) is { } last)
        {
            yield return last;
        }
    }

    public static string Stem(string term) =>
        term.Length > 3 && term[^1] == 's' && term[^2] != 's' ? term[..^1] : term;

    private static string? Flush(StringBuilder current)
    {
        if (current.Length == 0)
        {
            return null;
        }

        var word = current.ToString();
        current.Clear();
        return StopWords.Contains(word) ? null : Stem(word);
    }
}
