using MudBlazor;
using TrustVault.Core.Errors;

namespace TrustVault.Web.Components.Shared;

/// <summary>Core's per-field validation messages, shaped for MudBlazor's Error/ErrorText/ErrorId parameters.</summary>
public sealed class FieldErrors
{
    public static FieldErrors None { get; } = new(new Dictionary<string, string[]>());

    private readonly IReadOnlyDictionary<string, string[]> errors;

    // Error message ids differ between refusals, so two forms on one page never share one.
    private readonly string idPrefix;

    private FieldErrors(IReadOnlyDictionary<string, string[]> errors, string? idPrefix = null)
    {
        this.errors = errors;
        this.idPrefix = idPrefix ?? "field-" + Guid.NewGuid().ToString("N")[..8];
    }

    public static FieldErrors From(InvalidInputException exception) => new(exception.Errors);

    public bool Has(string field) => errors.ContainsKey(field);

    public string? For(string field) => errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>
    /// A MudBlazor field's Error, ErrorText and ErrorId, splatted onto it: <c>@attributes="@errors.Of("Email")"</c>. MudBlazor
    /// ties a message to its input (aria-describedby) only when it has an ErrorId, and makes one only for the errors of its
    /// own validation: without it a screen reader hears "invalid entry" but never why.
    /// </summary>
    public IReadOnlyDictionary<string, object> Of(string field) => new Dictionary<string, object>
    {
        [nameof(MudTextField<string>.Error)] = Has(field),
        [nameof(MudTextField<string>.ErrorText)] = For(field) ?? "",
        [nameof(MudTextField<string>.ErrorId)] = $"{idPrefix}-{field}-error",
    };

    /// <summary>
    /// The errors once a field has dropped its own (MudBlazor fields clear Error when their value changes and say so
    /// through ErrorChanged). Forgetting it here too lets the next refusal set Error again: a field ignores a parameter
    /// passed the same value as last time, so a second error on the same field would otherwise never show.
    /// </summary>
    public FieldErrors Cleared(string field, bool stillShown) =>
        stillShown || !errors.ContainsKey(field) ? this : new(errors.Where(e => e.Key != field).ToDictionary(e => e.Key, e => e.Value), idPrefix);
}
