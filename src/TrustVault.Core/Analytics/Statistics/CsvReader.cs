using System.Buffers;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>Streams RFC 4180 CSV: comma-separated, double quotes around fields that hold commas, quotes or line breaks.</summary>
public static class CsvReader
{
    public static IEnumerable<string[]> ReadRows(TextReader reader)
    {
        var rows = new CsvRowReader(reader);
        while (rows.Read())
        {
            var fields = new string[rows.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = rows[i].ToString();
            }

            yield return fields;
        }
    }
}

/// <summary>
/// Reads RFC 4180 CSV one record at a time into buffers it reuses, so a large upload costs no
/// allocation per field: a field is a span that stays valid until the next <see cref="Read"/>.
/// Rows are records, not lines: a quoted line break stays inside its field.
/// </summary>
public sealed class CsvRowReader(TextReader reader) : IDatasetRows
{
    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    private static readonly SearchValues<char> Delimiters = SearchValues.Create(",\r\n\"");

    private readonly char[] input = new char[32 * 1024];
    private int inputLength;
    private int inputPosition;
    private char[] text = new char[1024];
    private int textLength;
    private int[] fieldEnds = new int[16];
    private bool atEnd;

    /// <summary>The 1-based number of the current row, the header being row 1.</summary>
    public int Row { get; private set; }

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

    /// <summary>Moves to the next row; false at the end of the input.</summary>
    /// <exception cref="DatasetFormatException">A stray or unclosed quote.</exception>
    public bool Read()
    {
        if (atEnd)
        {
            return false;
        }

        textLength = 0;
        FieldCount = 0;
        var row = Row + 1;
        var state = State.FieldStart;
        while (true)
        {
            if (inputPosition == inputLength)
            {
                inputLength = reader.Read(input, 0, input.Length);
                inputPosition = 0;
                if (inputLength == 0)
                {
                    atEnd = true;
                    break;
                }
            }

            if (state != State.QuoteInQuoted)
            {
                // Copy the run of ordinary characters in one go; only the character after it needs the state machine.
                var rest = input.AsSpan(inputPosition, inputLength - inputPosition);
                var run = state == State.Quoted ? rest.IndexOf('"') : rest.IndexOfAny(Delimiters);
                if (run < 0)
                {
                    run = rest.Length;
                }

                if (run > 0)
                {
                    Append(rest[..run]);
                    inputPosition += run;
                    if (state == State.FieldStart)
                    {
                        state = State.Unquoted;
                    }

                    continue;
                }
            }

            var ch = input[inputPosition++];
            if (state == State.Quoted)
            {
                state = State.QuoteInQuoted;
                continue;
            }

            if (state == State.QuoteInQuoted)
            {
                // A doubled quote inside quotes is one literal quote; anything else closes the quotes.
                if (ch == '"')
                {
                    Append([ch]);
                    state = State.Quoted;
                    continue;
                }

                state = State.Unquoted;
            }

            switch (ch)
            {
                case '"' when state == State.FieldStart:
                    state = State.Quoted;
                    break;
                case '"':
                    throw new DatasetFormatException(row, "a quote inside an unquoted field; quote the whole field and double inner quotes.");
                case ',':
                    EndField();
                    state = State.FieldStart;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndField();
                    Row = row;
                    return true;
                default:
                    Append([ch]);
                    break;
            }
        }

        if (state == State.Quoted)
        {
            throw new DatasetFormatException(row, "a quoted field is not closed.");
        }

        var fieldStart = FieldCount == 0 ? 0 : fieldEnds[FieldCount - 1];
        if (textLength == fieldStart && FieldCount == 0)
        {
            return false;
        }

        EndField();
        Row = row;
        return true;
    }

    private void Append(ReadOnlySpan<char> characters)
    {
        if (textLength + characters.Length > text.Length)
        {
            Array.Resize(ref text, Math.Max(text.Length * 2, textLength + characters.Length));
        }

        characters.CopyTo(text.AsSpan(textLength));
        textLength += characters.Length;
    }

    private void EndField()
    {
        if (FieldCount == fieldEnds.Length)
        {
            Array.Resize(ref fieldEnds, fieldEnds.Length * 2);
        }

        fieldEnds[FieldCount++] = textLength;
    }
}
