using MudBlazor;

namespace TrustVault.Web.Components.Shared;

/// <summary>What a server-paged table or data grid does when the filter its rows come through changes.</summary>
public static class TableFilter
{
    /// <summary>
    /// Loads the table again from its first page: the page it was on is another slice of other rows, or past the last
    /// of the rows that now match.
    /// </summary>
    public static Task ReloadFromFirstPageAsync<T>(this MudTable<T> table)
    {
        if (table.CurrentPage == 0)
        {
            return table.ReloadServerData();
        }

        // Changing the page loads it.
        table.NavigateTo(Page.First);
        return Task.CompletedTask;
    }

    /// <summary>As for a table, for a data grid with server data.</summary>
    public static Task ReloadFromFirstPageAsync<T>(this MudDataGrid<T> grid)
    {
        if (grid.CurrentPage == 0)
        {
            return grid.ReloadServerData();
        }

        grid.NavigateTo(Page.First);
        return Task.CompletedTask;
    }
}
