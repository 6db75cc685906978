using System.Linq.Expressions;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Data;

/// <summary>A column a list is sorted by, named as the property of the row the list shows, and its direction.</summary>
public sealed record SortBy(string Column, bool Descending = false);

/// <summary>
/// The columns a list sorts by in the database, each with the key of <typeparamref name="T"/> it orders by: a page of a
/// sorted list is then the same page of the whole list, which sorting only the rows of one page is not.
/// </summary>
public sealed class SortColumns<T>
{
    private readonly Dictionary<string, Column> columns = new(StringComparer.Ordinal);

    public SortColumns<T> Add<TKey>(string name, Expression<Func<T, TKey>> key)
    {
        columns.Add(name, new Column(
            (rows, descending) => descending ? rows.OrderByDescending(key) : rows.OrderBy(key),
            (rows, descending) => descending ? rows.ThenByDescending(key) : rows.ThenBy(key)));
        return this;
    }

    /// <summary>
    /// Orders by <paramref name="sorts"/>, the first first, and then by the list's own <paramref name="order"/>, which
    /// breaks their ties and is the whole order when none is asked for.
    /// </summary>
    /// <exception cref="InvalidInputException">A column this list does not sort by.</exception>
    public IOrderedQueryable<T> Order(IQueryable<T> rows, IEnumerable<SortBy> sorts, IReadOnlyList<SortBy> order)
    {
        ArgumentOutOfRangeException.ThrowIfZero(order.Count);
        IOrderedQueryable<T>? ordered = null;
        foreach (var sort in sorts.Concat(order))
        {
            if (!columns.TryGetValue(sort.Column, out var column))
            {
                throw new InvalidInputException("sort", $"Sort by one of {string.Join(", ", columns.Keys)}.");
            }

            ordered = ordered is null ? column.First(rows, sort.Descending) : column.Then(ordered, sort.Descending);
        }

        return ordered!;
    }

    private sealed record Column(Func<IQueryable<T>, bool, IOrderedQueryable<T>> First, Func<IOrderedQueryable<T>, bool, IOrderedQueryable<T>> Then);
}
