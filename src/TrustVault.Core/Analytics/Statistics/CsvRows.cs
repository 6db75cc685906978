using CsvHelper;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// RFC 4180 CSV (comma-separated, double quotes around fields that hold commas, quotes or line breaks) read by
/// CsvHelper one record at a time. Each record's fields are decoded into one buffer that the next record reuses, so
/// a large upload costs no allocation per field. Rows are records, not lines: a quoted line break stays inside its
/// field, and a blank line is a row of one empty field. Only commas separate fields: a header of one column that holds
/// a semicolon or a tab is refused, as its file was meant to be read with another separator.
/// </summary>
internal sealed class CsvRows : IDatasetRows, IDisposable
{
    private readonly CsvReader reader;
    private CsvMalformedRecord? malformed;
    private char[] text = new char[1024];
    private int[] fieldEnds = new int[16];

    /// <param name="csv">Left open: whoever opened it closes it.</param>
    public CsvRows(TextReader csv)
    {
        reader = CsvReader.Create(
            csv,
            new CsvReaderOptions
            {
                // The profiler takes the header as row 1, and a blank line still counts, so a row number names the
                // record a person sees.
                HasHeader = false,
                SkipEmptyLines = false,
                Separator = ',',
                TrimWhitespace = false,
                // Recover lets the reader hand over the reason, which Read turns into a message of ours naming the row.
                MalformedData = CsvMalformedDataHandling.Recover,
                OnMalformedRecord = record => malformed ??= record,
                IncludeValuesInExceptions = false,
            },
            leaveOpen: true);
    }

    public int Row => checked((int)reader.RowNumber);

    public int FieldCount { get; private set; }

    public ReadOnlySpan<char> this[int field]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(field);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(field, FieldCount);
            var start = field == 0 ? 0 : fieldEnds[field - 1];
            return text.AsSpan(start, fieldEnds[field] - start);
        }
    }

    /// <exception cref="DatasetFormatException">A stray quote, text after a closing quote, or an unclosed quote.</exception>
    public bool Read()
    {
        if (!reader.Read())
        {
            return false;
        }

        if (malformed is { } record)
        {
            throw new DatasetFormatException(checked((int)record.RecordNumber), Describe(record.Reason));
        }

        FieldCount = reader.FieldCount;
        if (fieldEnds.Length < FieldCount)
        {
            Array.Resize(ref fieldEnds, Math.Max(FieldCount, fieldEnds.Length * 2));
        }

        var length = 0;
        for (var i = 0; i < FieldCount; i++)
        {
            // The reader holds UTF-8, and a field never has more UTF-16 characters than UTF-8 bytes.
            var needed = length + reader[i].Length;
            if (needed > text.Length)
            {
                Array.Resize(ref text, Math.Max(text.Length * 2, needed));
            }

            length += reader.GetChars(i, text.AsSpan(length));
            fieldEnds[i] = length;
        }

        if (Row == 1 && FieldCount == 1 && this[0].IndexOfAny(';', '\t') >= 0)
        {
            throw new DatasetFormatException(1, "the header is one column holding a semicolon or a tab; separate fields with commas (RFC 4180), and quote a field that holds a comma, such as a decimal comma.");
        }

        return true;
    }

    public void Dispose() => reader.Dispose();

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field; quote the whole field and double inner quotes.",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field; quote the whole field and double inner quotes.",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is not closed.",
        _ => $"malformed CSV ({reason}).",
    };
}
