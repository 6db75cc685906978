using TrustVault.Core.Errors;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// The platform API's paging query: <c>page</c> from 1, <c>pageSize</c> 1 to <see cref="MaxSize"/>, 20 by default. A page past
/// the last is empty however large its number (<see cref="Core.Data.Paging"/>), not a 400: the count of items can change between calls.
/// </summary>
internal static class PlatformPage
{
    public const int MaxSize = 100;
    public const int DefaultSize = 20;

    /// <param name="items">What a page holds, for the error message: "invoices", "deliveries".</param>
    /// <returns>The page number from 1 and its size.</returns>
    /// <exception cref="InvalidInputException">Naming <c>page</c> or <c>pageSize</c>.</exception>
    public static (int Number, int Size) Read(int? page, int? pageSize, string items)
    {
        var (number, size) = (page ?? 1, pageSize ?? DefaultSize);
        var errors = new Dictionary<string, string[]>();
        if (number < 1)
        {
            errors["page"] = ["Pages are numbered from 1."];
        }

        if (size is < 1 or > MaxSize)
        {
            errors["pageSize"] = [$"Choose 1 to {MaxSize} {items} a page."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return (number, size);
    }
}

/// <summary>
/// One page of a platform API list, every list's body: the page and its size as asked (<see cref="PlatformPage.Read"/>), how
/// many items the whole list holds, and the page's items.
/// </summary>
internal sealed record PlatformList<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);
