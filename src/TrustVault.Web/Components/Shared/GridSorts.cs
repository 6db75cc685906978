using MudBlazor;
using TrustVault.Core.Data;

namespace TrustVault.Web.Components.Shared;

/// <summary>The columns a data grid with server data is sorted by, for the service that sorts its rows.</summary>
public static class GridSorts
{
    /// <summary>The sorted columns by their property names, in the order they were chosen.</summary>
    public static IReadOnlyList<SortBy> SortedBy<T>(this GridState<T> state) =>
        [.. state.SortDefinitions.OrderBy(s => s.Index).Select(s => new SortBy(s.SortBy, s.Descending))];
}
