using TrustVault.Core.Errors;

namespace TrustVault.Web.Components.Shared;

/// <summary>Core's per-field validation messages, shaped for MudBlazor's Error/ErrorText parameters.</summary>
public sealed class FieldErrors
{
    public static FieldErrors None { get; } = new(new Dictionary<string, string[]>());

    private readonly IReadOnlyDictionary<string, string[]> errors;

    private FieldErrors(IReadOnlyDictionary<string, string[]> errors) => this.errors = errors;

    public static FieldErrors From(InvalidInputException exception) => new(exception.Errors);

    public bool Has(string field) => errors.ContainsKey(field);

    public string? For(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
