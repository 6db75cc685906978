using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace TrustVault.Web.Components.Account.Shared;

/// <summary>
/// A part of an EditForm that shows validation state: it renders again when the form validates, as Blazor's own
/// <see cref="ValidationMessage{TValue}"/> does, which on a static page is when the posted form is checked.
/// </summary>
public abstract class EditContextListener : ComponentBase, IDisposable
{
    private EditContext? subscribed;

    [CascadingParameter]
    protected EditContext EditContext { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(subscribed, EditContext))
        {
            Unsubscribe();
            subscribed = EditContext ?? throw new InvalidOperationException($"{GetType().Name} belongs inside an EditForm.");
            subscribed.OnValidationStateChanged += OnValidationStateChanged;
        }
    }

    public void Dispose() => Unsubscribe();

    private void OnValidationStateChanged(object? sender, ValidationStateChangedEventArgs e) => StateHasChanged();

    private void Unsubscribe()
    {
        if (subscribed is not null)
        {
            subscribed.OnValidationStateChanged -= OnValidationStateChanged;
        }
    }
}
