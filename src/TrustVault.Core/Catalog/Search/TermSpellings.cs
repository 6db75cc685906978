namespace TrustVault.Core.Catalog.Search;

/// <summary>
/// The index's words filed under every string a few deleted letters make of them, to find the words near a misspelt
/// one: the symmetric delete method of SymSpell (Garbe, 2012). Two words within d edits share a string that at most d
/// deletions make of each, so a lookup is a few dictionary probes instead of a distance to every word.
/// </summary>
internal sealed class TermSpellings
{
    private readonly Dictionary<string, List<string>> byDeletion = new(StringComparer.Ordinal);

    /// <summary>
    /// Edits allowed to correct a word of <paramref name="length"/> letters: none under four, where most words are a
    /// letter apart ("api", "app", "sms"); one up to seven ("forcast"); two from eight ("analitycs").
    /// </summary>
    public static int AllowedEdits(int length) => length switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };

    /// <summary>Numbers and words too short to be corrected to are left out: "v2" is not a typo of "v3".</summary>
    public static bool IsSpellable(string term) => term.Length >= 3 && !term.Any(char.IsDigit);

    public void Add(string term)
    {
        foreach (var deletion in Deletions(term, DeletionsKept(term.Length)))
        {
            if (!byDeletion.TryGetValue(deletion, out var terms))
            {
                byDeletion[deletion] = terms = [];
            }

            terms.Add(term);
        }
    }

    public void Remove(string term)
    {
        foreach (var deletion in Deletions(term, DeletionsKept(term.Length)))
        {
            if (byDeletion.TryGetValue(deletion, out var terms) && terms.Remove(term) && terms.Count == 0)
            {
                byDeletion.Remove(deletion);
            }
        }
    }

    public void Clear() => byDeletion.Clear();

    /// <summary>The index's words other than <paramref name="word"/> within its allowed edits, with their distance.</summary>
    public List<(string Term, int Edits)> Near(string word)
    {
        var allowed = AllowedEdits(word.Length);
        var near = new List<(string, int)>();
        if (allowed == 0)
        {
            return near;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { word };
        foreach (var deletion in Deletions(word, allowed))
        {
            if (!byDeletion.TryGetValue(deletion, out var terms))
            {
                continue;
            }

            foreach (var term in terms)
            {
                if (seen.Add(term) && EditDistance.Within(word, term, allowed) is { } edits)
                {
                    near.Add((term, edits));
                }
            }
        }

        return near;
    }

    /// <summary>
    /// The deletions filed for a word of <paramref name="length"/> letters: enough to meet any word allowed to reach it
    /// (a word of eight letters or more, allowed two edits, reaches words of six and more).
    /// </summary>
    private static int DeletionsKept(int length) => length switch
    {
        < 3 => 0,
        < 6 => 1,
        _ => 2,
    };

    /// <summary><paramref name="word"/> itself and every distinct string up to <paramref name="count"/> deletions make of it.</summary>
    private static HashSet<string> Deletions(string word, int count)
    {
        var all = new HashSet<string>(StringComparer.Ordinal) { word };
        var round = new List<string> { word };
        for (var step = 0; step < count; step++)
        {
            var next = new List<string>();
            foreach (var text in round.Where(t => t.Length > 1))
            {
                for (var i = 0; i < text.Length; i++)
                {
                    var shorter = text.Remove(i, 1);
                    if (all.Add(shorter))
                    {
                        next.Add(shorter);
                    }
                }
            }

            round = next;
        }

        return all;
    }
}
