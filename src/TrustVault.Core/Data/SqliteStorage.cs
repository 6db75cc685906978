using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TrustVault.Core.Data;

/// <summary>
/// Values as EF Core's SQLite provider stores them, for the few statements written by hand on hot paths (the usage
/// writer's batches), so EF reads back unchanged what they wrote.
/// </summary>
internal static class SqliteStorage
{
    private static readonly DateTimeOffsetToBinaryConverter Timestamps = new();

    /// <summary>Upper-case text, as the provider stores a GUID.</summary>
    public static string GuidText(Guid value) => string.Create(36, value, static (chars, guid) =>
    {
        guid.TryFormat(chars, out _);
        Ascii.ToUpperInPlace(chars, out _);
    });

    /// <summary>The model converts every <see cref="DateTimeOffset"/> to a binary number, so that SQLite can order and compare it.</summary>
    public static long Timestamp(DateTimeOffset value) => (long)Timestamps.ConvertToProvider(value)!;

    /// <summary>ISO text (yyyy-MM-dd), as the provider stores a <see cref="DateOnly"/>.</summary>
    public static string Day(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
