using System.Text;
using System.Text.Json;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// Streams a JSON array of flat row objects (<c>[{"month": "2025-01", "visits": 1200}, …]</c>) as a dataset:
/// the first object's fields are the columns, read as its header row, then every object is a row. A field a
/// row leaves out, or sets to null, is missing; a field the first row does not have, a nested object or
/// list, or a number beyond a double's range (1e400), is an error naming the row. The input is read in buffer-sized steps, never whole.
/// </summary>
public sealed class JsonRowReader(Stream json) : IDatasetRows
{
    private const int MaxFieldChars = 1024 * 1024;

    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int consumed;
    private bool finalBlock;
    private JsonReaderState state;
    private bool startChecked;

    private readonly Dictionary<string, int> columns = new(StringComparer.Ordinal);
    private string[] fields = [];
    private string[]? firstRow;
    private bool started;
    private bool ended;
    private int objects;

    /// <summary>The 1-based number of the current object in the array; the header comes from object 1.</summary>
    public int Row { get; private set; }

    public int FieldCount => fields.Length;

    public ReadOnlySpan<char> this[int field] => fields[field];

    public bool Read()
    {
        if (!started)
        {
            started = true;
            return ReadHeader();
        }

        if (firstRow is not null)
        {
            (fields, firstRow, Row) = (firstRow, null, 1);
            return true;
        }

        if (ended || !TryReadObject(out var row))
        {
            return false;
        }

        (fields, Row) = (row, objects);
        return true;
    }

    private bool ReadHeader()
    {
        if (!Next(out var token) || token.Type != JsonTokenType.StartArray)
        {
            throw new DatasetFormatException(1, "send a JSON array of row objects, e.g. [{\"month\": \"2025-01\", \"visits\": 1200}].");
        }

        var first = new List<(string Name, string Value)>();
        if (!TryReadObject(out _, first))
        {
            throw new DatasetFormatException(1, "the array is empty; the first row names the columns.");
        }

        foreach (var (name, _) in first)
        {
            columns.TryAdd(name, columns.Count);
        }

        fields = [.. columns.Keys];
        firstRow = new string[fields.Length];
        Array.Fill(firstRow, "");
        foreach (var (name, value) in first)
        {
            firstRow[columns[name]] = value;
        }

        Row = 1;
        return true;
    }

    /// <summary>Reads the next object of the array into a row by the header's columns, or into <paramref name="first"/> while there is no header yet.</summary>
    private bool TryReadObject(out string[] row, List<(string Name, string Value)>? first = null)
    {
        row = [];
        if (!Next(out var token))
        {
            throw Malformed(objects + 1, "the array is not closed with ].");
        }

        if (token.Type == JsonTokenType.EndArray)
        {
            ended = true;
            // Anything after the array but whitespace is not part of the rows and would otherwise be dropped unread.
            if (Next(out _))
            {
                throw Malformed(objects, "something follows the array's closing ].");
            }

            return false;
        }

        var number = ++objects;
        if (token.Type != JsonTokenType.StartObject)
        {
            throw new DatasetFormatException(number, "each row must be an object of field names and values.");
        }

        if (first is null)
        {
            row = new string[columns.Count];
            Array.Fill(row, "");
        }

        while (Next(out token) && token.Type == JsonTokenType.PropertyName)
        {
            var name = token.Text!;
            if (!Next(out var value))
            {
                throw Malformed(number, $"'{name}' has no value.");
            }

            var text = value.Type switch
            {
                JsonTokenType.Number when !value.IsFinite =>
                    throw new DatasetFormatException(number, $"'{name}' is a number out of range: {value.Text} is beyond a double's ±1.8e308."),
                JsonTokenType.String or JsonTokenType.Number => value.Text!,
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "",
                JsonTokenType.StartObject => throw new DatasetFormatException(number, $"'{name}' is an object; send flat rows of numbers, text, booleans or nulls."),
                _ => throw new DatasetFormatException(number, $"'{name}' is a list; send flat rows of numbers, text, booleans or nulls."),
            };
            if (first is not null)
            {
                first.Add((name, text));
            }
            else if (columns.TryGetValue(name, out var column))
            {
                row[column] = text;
            }
            else
            {
                throw new DatasetFormatException(number, $"'{name}' is not a field of the first row, which names the columns; leave a field out or set it to null where a value is missing.");
            }
        }

        if (token.Type != JsonTokenType.EndObject)
        {
            throw Malformed(number, "the row object is not closed with }.");
        }

        return true;
    }

    /// <param name="IsFinite">For a number, whether it is within a double's range: 1e400 would otherwise read as infinity, making its column text.</param>
    private readonly record struct Token(JsonTokenType Type, string? Text, bool IsFinite = true);

    /// <summary>The next token, refilling the buffer (and growing it for a long value) until a whole token is in it.</summary>
    private bool Next(out Token token)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(consumed, length - consumed), finalBlock, state);
            bool read;
            try
            {
                read = reader.Read();
            }
            catch (JsonException e)
            {
                throw Malformed(Math.Max(objects, 1), EndsEarly() ? JsonReadProblem.EndsEarly : JsonReadProblem.Describe(e));
            }

            if (read)
            {
                token = new Token(reader.TokenType, reader.TokenType switch
                {
                    JsonTokenType.PropertyName or JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                }, reader.TokenType != JsonTokenType.Number || (reader.TryGetDouble(out var parsed) && double.IsFinite(parsed)));
                consumed += (int)reader.BytesConsumed;
                state = reader.CurrentState;
                return true;
            }

            if (finalBlock)
            {
                token = default;
                return false;
            }

            Refill();
        }
    }

    /// <summary>
    /// Whether the input ended inside a token: read as if more were to come, what is left is no error but an unfinished
    /// value. The reader's own message tells that only for some tokens ("12" cut from "123," is "an invalid end of a number").
    /// </summary>
    private bool EndsEarly()
    {
        if (!finalBlock)
        {
            return false;
        }

        var reader = new Utf8JsonReader(buffer.AsSpan(consumed, length - consumed), isFinalBlock: false, state);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Refill()
    {
        Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
        length -= consumed;
        consumed = 0;
        if (length == buffer.Length)
        {
            if (buffer.Length >= MaxFieldChars * 4)
            {
                throw new DatasetFormatException(Math.Max(objects, 1), $"a value is longer than {MaxFieldChars:N0} characters.");
            }

            Array.Resize(ref buffer, buffer.Length * 2);
        }

        // Until the start has been checked, reads go on until it holds a whole byte order mark or the input ends.
        do
        {
            var read = json.Read(buffer, length, buffer.Length - length);
            length += read;
            finalBlock = read == 0;
        }
        while (!startChecked && length < ByteOrderMark.Length && !finalBlock);

        if (!startChecked)
        {
            // Editors on Windows start UTF-8 with a byte order mark, which CSV uploads may carry too; JSON's reader refuses it.
            startChecked = true;
            consumed = buffer.AsSpan(0, length).StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        }
    }

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static DatasetFormatException Malformed(int row, string problem) => new(row, $"not valid JSON: {problem}");
}
