using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Webhooks;

/// <summary>
/// Keeps webhook signing secrets encrypted at rest with ASP.NET Core Data Protection: the database holds only the
/// protected form, so a copy of it (a backup, a dump) does not give away the secrets; the key ring lives elsewhere.
/// </summary>
public sealed class WebhookSecretProtector(IDataProtectionProvider protection, IDbContextFactory<TrustVaultDbContext> contexts)
{
    private readonly IDataProtector protector = protection.CreateProtector("TrustVault.Webhooks.EndpointSecret");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    /// <summary>
    /// Encrypts the secrets stored before they were encrypted (a protected value never starts with the secret's
    /// <c>whsec_</c> prefix); returns how many. Run at every start: after the first, it finds none.
    /// </summary>
    public async Task<int> ProtectPlaintextAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plaintext = await db.WebhookEndpoints.AcrossOrganizations()
            .Where(e => e.ProtectedSecret.StartsWith(WebhookSignature.SecretPrefix))
            .ToListAsync(cancellationToken);
        foreach (var endpoint in plaintext)
        {
            endpoint.ProtectedSecret = Protect(endpoint.ProtectedSecret);
        }

        await db.SaveChangesAsync(cancellationToken);
        return plaintext.Count;
    }
}
