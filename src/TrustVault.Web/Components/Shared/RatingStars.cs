namespace TrustVault.Web.Components.Shared;

/// <summary>
/// The stars shown for an average rating, on the catalog's cards and the listing's page alike: rounded half up, as the
/// "0.0" figure beside them is, so that "4.5" shows five stars (Math.Round's default, half to even, showed four).
/// </summary>
public static class RatingStars
{
    public static int Of(double averageRating) => (int)Math.Round(averageRating, MidpointRounding.AwayFromZero);
}
