using System.Globalization;
using System.Text;

namespace TrustVault.Core.Catalog.Search;

/// <summary>Turns text into search terms: lower case, split on anything but letters and digits, plural "s" dropped.</summary>
public static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords =
        ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the", "to", "with", "your", "you"];

    public static IEnumerable<string> Terms(string? text) => TermsAsWritten(text).Select(t => t.Term);

    /// <summary>The terms of <paramref name="text"/>, each with the word it was made from ("analytic" from "analytics").</summary>
    public static IEnumerable<(string Term, string Word)> TermsAsWritten(string? text) =>
        Words(text).Where(w => !IsStopWord(w)).Select(w => (Stem(w), w));

    /// <summary>
    /// The lower-cased words of <paramref name="text"/>, stop words and plurals kept: what suggestions complete, since
    /// "for" typed so far may be the start of "forecast".
    /// </summary>
    public static IEnumerable<string> Words(string? text)
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

            if (current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    public static string Stem(string term) =>
        term.Length > 3 && term[^1] == 's' && term[^2] != 's' ? term[..^1] : term;
}
