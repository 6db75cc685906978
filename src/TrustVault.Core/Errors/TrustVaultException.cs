namespace TrustVault.Core.Errors;

/// <summary>A failure a person can act on; the web layer maps each kind to one HTTP status.</summary>
public abstract class TrustVaultException(string message) : Exception(message);

/// <summary>The thing asked for does not exist, or is not visible to the caller.</summary>
public sealed class NotFoundException(string message) : TrustVaultException(message);

/// <summary>The caller is known but may not do this.</summary>
public sealed class ForbiddenException(string message) : TrustVaultException(message);

/// <summary>A service the request depends on (the payment provider) could not be reached; trying again later may succeed.</summary>
public sealed class UnavailableException(string message) : TrustVaultException(message);

/// <summary>The change would contradict what is stored already (a Stripe customer linked to another organization).</summary>
public sealed class ConflictException(string message) : TrustVaultException(message);

/// <summary>Input broke a rule; <see cref="Errors"/> names each offending field.</summary>
public sealed class InvalidInputException(IReadOnlyDictionary<string, string[]> errors)
    : TrustVaultException(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public InvalidInputException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}
