using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Identity;

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(PersonalAccessToken.NameMaxLength);
        builder.Property(t => t.TokenId).HasMaxLength(20);
        builder.HasIndex(t => t.TokenId).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.Property(t => t.Scopes).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(t => t.Prefix);

        // Deleting an account (personal data page) takes its tokens with it.
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
