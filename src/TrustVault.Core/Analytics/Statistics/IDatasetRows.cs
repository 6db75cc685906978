namespace TrustVault.Core.Analytics.Statistics;

/// <summary>A problem in an uploaded dataset with the 1-based row it is on, so a person can find it.</summary>
public sealed class DatasetFormatException(int row, string message) : FormatException($"Row {row}: {message}")
{
    public int Row { get; } = row;
}

/// <summary>
/// A dataset read one row at a time, the first row naming the columns. A field is a span that stays valid
/// until the next <see cref="Read"/>.
/// </summary>
public interface IDatasetRows
{
    /// <summary>The 1-based number of the current row, as the person who sent the data counts it.</summary>
    int Row { get; }

    int FieldCount { get; }

    ReadOnlySpan<char> this[int field] { get; }

    /// <summary>Moves to the next row; false at the end of the input.</summary>
    /// <exception cref="DatasetFormatException">The input is malformed at this row.</exception>
    bool Read();
}
