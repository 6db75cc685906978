using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Keys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength);
        builder.Property(k => k.KeyId).HasMaxLength(20);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => k.OrganizationId);
        builder.Property(k => k.SecretHash).HasMaxLength(32);
        builder.Ignore(k => k.Prefix);
    }
}
