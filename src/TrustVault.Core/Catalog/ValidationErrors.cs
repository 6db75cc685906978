using TrustVault.Core.Errors;

namespace TrustVault.Core.Catalog;

/// <summary>Collects every broken rule of one input, so a form can show them all at once.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = [];

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
