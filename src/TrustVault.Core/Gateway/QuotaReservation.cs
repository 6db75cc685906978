namespace TrustVault.Core.Gateway;

/// <summary>
/// A call's try to reserve a unit of its quota: <see cref="Granted"/> when it may go ahead, and the calls
/// <see cref="Used"/> (counted and reserved) with this one's unit if granted.
/// </summary>
public readonly record struct QuotaReservation(bool Granted, long Used);
