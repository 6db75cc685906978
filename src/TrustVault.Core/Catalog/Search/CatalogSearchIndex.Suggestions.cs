namespace TrustVault.Core.Catalog.Search;

public sealed partial class CatalogSearchIndex
{
    public const int MaxSuggestions = 10;

    /// <summary>Categories and listings take at most these places in a list of suggestions; words to search for fill the rest.</summary>
    private const int MaxCategorySuggestions = 2;

    private const int MaxListingSuggestions = 4;

    /// <summary>How many completions of the word being typed are tried, the most frequent first.</summary>
    private const int MaxCompletions = 20;

    /// <summary>
    /// Completions of <paramref name="text"/> as typed so far: its last word may be unfinished or misspelt ("forc" finds
    /// "forecast"), the words before it are whole. Categories and listings whose name holds every word come first,
    /// then the words to search for; only published listings are in the index, so only they are suggested.
    /// </summary>
    public IReadOnlyList<CatalogSuggestion> Suggest(string? text, int limit)
    {
        var words = TextAnalyzer.Words(text).ToList();
        if (words.Count == 0 || limit < 1)
        {
            return [];
        }

        var typing = words[^1];
        var before = words[..^1].Where(w => !TextAnalyzer.IsStopWord(w)).Select(TextAnalyzer.Stem).Distinct().ToList();
        gate.EnterReadLock();
        try
        {
            var completions = Completions(typing);
            if (completions.Count == 0)
            {
                return [];
            }

            bool Names(IReadOnlySet<string> nameTerms) =>
                completions.Any(nameTerms.Contains) && before.All(b => nameTerms.Any(n => n.StartsWith(b, StringComparison.Ordinal)));

            var categoryNames = categories.Keys
                .Where(c => Names(TextAnalyzer.Terms(c).ToHashSet(StringComparer.Ordinal)))
                .OrderByDescending(c => categories[c]).ThenBy(c => c, StringComparer.Ordinal)
                .Take(MaxCategorySuggestions)
                .Select(c => new CatalogSuggestion(CatalogSuggestionKind.Category, c));
            var listings = completions
                .SelectMany(term => postings[term].Keys)
                .Distinct()
                .Select(id => entries[id])
                .Where(e => Names(e.NameTerms))
                .OrderByDescending(e => e.Document.Popularity).ThenBy(e => e.Document.Name, StringComparer.OrdinalIgnoreCase)
                .Take(MaxListingSuggestions)
                .Select(e => new CatalogSuggestion(CatalogSuggestionKind.Listing, e.Document.Name, e.Document.Slug));
            var named = categoryNames.Concat(listings).ToList();
            if (named.Count >= limit)
            {
                return named[..limit];
            }

            // Words in listings that hold the whole words too; not a name already offered ("forecastly" beside Forecastly).
            var prefix = string.Concat(words[..^1].Select(w => w + " "));
            var searches = completions
                .Where(term => before.Count == 0 || postings[term].Keys.Any(id => before.All(entries[id].TermWeights.ContainsKey)))
                .Select(term => new CatalogSuggestion(CatalogSuggestionKind.Search, prefix + WrittenAs(term)))
                .Where(search => !named.Any(n => string.Equals(n.Text, search.Text, StringComparison.OrdinalIgnoreCase)));
            return [.. named, .. searches.Take(limit - named.Count)];
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The index terms <paramref name="typing"/> may be the start of, the most frequent first; when none starts with
    /// it, those whose start is within its allowed edits of it.
    /// </summary>
    private List<string> Completions(string typing)
    {
        var startingWith = terms.GetViewBetween(typing, typing + char.MaxValue).ToList();
        if (startingWith.Count == 0 && TextAnalyzer.Stem(typing) is var singular && singular != typing && postings.ContainsKey(singular))
        {
            startingWith.Add(singular);
        }

        var allowed = TermSpellings.AllowedEdits(typing.Length);
        if (startingWith.Count == 0 && allowed > 0)
        {
            // A slip of the first letter is rare: reading only the words that share it keeps this a small part of the vocabulary.
            var sameFirstLetter = terms.GetViewBetween(typing[..1], typing[..1] + char.MaxValue);
            startingWith.AddRange(sameFirstLetter.Where(term => TermSpellings.IsSpellable(term) && StartsNear(term, typing, allowed)));
        }

        return startingWith
            .OrderByDescending(term => postings[term].Count).ThenBy(term => term, StringComparer.Ordinal)
            .Take(MaxCompletions)
            .ToList();
    }

    /// <summary>
    /// The word <paramref name="term"/> was made from, as most listings holding it write it (the shorter on a tie): a term
    /// may be cut ("analysi" of "analysis"), no word to offer.
    /// </summary>
    private string WrittenAs(string term) => postings[term].Keys
        .CountBy(id => entries[id].WrittenAs[term], StringComparer.Ordinal)
        .OrderByDescending(word => word.Value).ThenBy(word => word.Key.Length).ThenBy(word => word.Key, StringComparer.Ordinal)
        .First().Key;

    /// <summary>Whether some start of <paramref name="term"/> is within <paramref name="allowed"/> edits of <paramref name="typing"/>.</summary>
    private static bool StartsNear(string term, string typing, int allowed)
    {
        for (var length = typing.Length - allowed; length <= typing.Length + allowed; length++)
        {
            if (length > 0 && length <= term.Length && EditDistance.Within(typing, term[..length], allowed) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
