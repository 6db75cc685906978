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

    /// <summary>
    /// The errors once a field has dropped its own (MudBlazor fields clear Error when their value changes and say so
    /// through ErrorChanged). Forgetting it here too lets the next refusal set Error again: a field ignores a parameter
    /// passed the same value as last time, so a second error on the same field would otherwise never show.
    /// </summary>
    public FieldErrors Cleared(string field, bool stillShown) =>
        stillShown || !errors.ContainsKey(field) ? this : new(errors.Where(e => e.Key != field).ToDictionary(e => e.Key, e => e.Value));
}
