using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Json;

/// <summary>
/// Reads one list page (<c>{"kind":…,"metadata":{…},"items":[…]}</c>) as it arrives: bytes are pushed in with
/// <see cref="Feed"/>, each item is deserialized on its own as soon as all of its bytes are there, and only the
/// bytes of an unfinished item have to stay buffered. A page is never held whole, neither as bytes nor as a
/// JsonDocument. Pure: bytes in, objects out (no I/O), so any split of the input gives the same result.
/// </summary>
internal sealed class ListPageParser<T>
{
    // Larger than most objects (a Deployment with its managedFields is 3–8 KiB), small enough to stay in the pool.
    private const int InitialBufferSize = 32 * 1024;

    private enum Stage { Start, Root, Value, Items, Done }

    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly bool _skipUndecodable;
    private readonly bool _untyped;
    private readonly string _apiVersion;
    private readonly string _kind;
    private readonly byte[] _apiVersionProperty;
    private readonly byte[] _kindProperty;
    private readonly List<T> _items = [];
    private List<UndecodableObject>? _undecodable;
    private ListMeta _metadata = new();
    private JsonReaderState _state;
    private Stage _stage;
    private string? _property;
    private long _bytes;

    public ListPageParser(ResourceType type, JsonTypeInfo<T> typeInfo, bool skipUndecodable)
    {
        ArgumentNullException.ThrowIfNull(type);
        _typeInfo = typeInfo;
        _skipUndecodable = skipUndecodable;
        _untyped = typeof(T) == typeof(JsonNode);
        _apiVersion = type.ApiVersion;
        _kind = type.Kind;
        _apiVersionProperty = Property("apiVersion", _apiVersion);
        _kindProperty = Property("kind", _kind);
        _state = new JsonReaderState(new JsonReaderOptions());
    }

    public bool IsComplete => _stage == Stage.Done;

    public int ItemCount => _items.Count;

    /// <summary>Reads what it can of <paramref name="data"/> (the unconsumed rest of the previous call followed by
    /// new bytes) and returns how many bytes it consumed; the caller keeps the rest and feeds it again with more.
    /// <paramref name="isFinal"/> says the stream has ended: a page that is not complete by then is an error.</summary>
    public int Feed(ReadOnlySpan<byte> data, bool isFinal)
    {
        var consumed = 0;
        // The reader never treats the data as final: a page is an object, so its end is its closing brace, and data
        // that stops short of it is a truncated page, not malformed JSON.
        while (_stage != Stage.Done && Step(data[consumed..], out var used))
        {
            consumed += used;
        }
        _bytes += consumed;
        if (isFinal && _stage != Stage.Done)
        {
            throw new TruncatedListException(
                $"the list response ended before it was complete: {_bytes} bytes read, {_items.Count} items decoded", null);
        }
        return consumed;
    }

    /// <summary>Reads the whole page from <paramref name="stream"/> through one pooled buffer that grows only when a
    /// single item is larger than it.</summary>
    public async Task<KubeList<T>> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                filled += read;
                var consumed = Feed(buffer.AsSpan(0, filled), isFinal: read == 0);
                if (read == 0)
                {
                    return Result();
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public KubeList<T> Result()
    {
        if (_stage != Stage.Done)
        {
            throw new InvalidOperationException("the list page is not complete");
        }
        return new KubeList<T> { Metadata = _metadata, Items = _items, Undecodable = _undecodable ?? [] };
    }

    /// <summary>One token or one whole value. False when <paramref name="data"/> does not hold it all yet; nothing is
    /// consumed then, and the same step runs again on more data.</summary>
    private bool Step(ReadOnlySpan<byte> data, out int used)
    {
        used = 0;
        var reader = new Utf8JsonReader(data, isFinalBlock: false, _state);
        if (!reader.Read())
        {
            return false;
        }
        switch (_stage)
        {
            case Stage.Start:
                Expect(reader.TokenType == JsonTokenType.StartObject, "a list must be a JSON object");
                _stage = Stage.Root;
                break;
            case Stage.Root:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _stage = Stage.Done;
                    break;
                }
                _property = reader.ValueTextEquals("metadata"u8) ? "metadata" : reader.ValueTextEquals("items"u8) ? "items" : null;
                _stage = Stage.Value;
                break;
            case Stage.Value when _property == "items" && reader.TokenType == JsonTokenType.StartArray:
                _stage = Stage.Items;
                break;
            case Stage.Value:
                var start = reader.TokenStartIndex;
                if (!Skip(ref reader, out _, out _))
                {
                    return false;
                }
                if (_property == "metadata" && reader.TokenType == JsonTokenType.EndObject)
                {
                    _metadata = JsonSerializer.Deserialize(data[(int)start..(int)reader.BytesConsumed], KubeJsonContext.Default.ListMeta) ?? new ListMeta();
                }
                _stage = Stage.Root;
                break;
            case Stage.Items:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _stage = Stage.Root;
                    break;
                }
                var itemStart = (int)reader.TokenStartIndex;
                if (!Skip(ref reader, out var hasApiVersion, out var hasKind))
                {
                    return false;
                }
                Decode(data[itemStart..(int)reader.BytesConsumed], hasApiVersion, hasKind);
                break;
        }
        used = (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    /// <summary>Moves past the value whose first token was just read; false when its end is not in the data yet. For
    /// an object, also says whether apiVersion and kind are among its own properties.</summary>
    private static bool Skip(ref Utf8JsonReader reader, out bool hasApiVersion, out bool hasKind)
    {
        hasApiVersion = hasKind = false;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }
        var depth = reader.CurrentDepth;
        var isObject = reader.TokenType == JsonTokenType.StartObject;
        while (reader.Read())
        {
            if (reader.CurrentDepth == depth + 1 && isObject && reader.TokenType == JsonTokenType.PropertyName)
            {
                hasApiVersion |= reader.ValueTextEquals("apiVersion"u8);
                hasKind |= reader.ValueTextEquals("kind"u8);
            }
            else if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return true;
            }
        }
        return false;
    }

    private void Decode(ReadOnlySpan<byte> item, bool hasApiVersion, bool hasKind)
    {
        try
        {
            if (_untyped)
            {
                var value = JsonSerializer.Deserialize(item, _typeInfo)!;
                if (value is JsonObject node)
                {
                    // List items come without apiVersion and kind; put them back so the node stands on its own.
                    node["apiVersion"] ??= _apiVersion;
                    node["kind"] ??= _kind;
                }
                _items.Add(value);
            }
            else if ((hasApiVersion && hasKind) || item[0] != (byte)'{')
            {
                _items.Add(JsonSerializer.Deserialize(item, _typeInfo)!);
            }
            else
            {
                _items.Add(DeserializeWithType(item, hasApiVersion, hasKind));
            }
        }
        catch (Exception ex) when (_skipUndecodable && UndecodableObject.IsDecodeError(ex))
        {
            // One bad object fails only itself; the caller names and skips it.
            using var document = JsonDocument.Parse(item.ToArray());
            (_undecodable ??= []).Add(UndecodableObject.From(document.RootElement, ex));
        }
    }

    /// <summary>List items come without apiVersion and kind. A typed model would then read them as null (source-generated
    /// deserialization sets init-only properties from the JSON, so their initializers do not survive), which makes a
    /// listed object differ from the same object watched: written back needlessly, and sent without a kind. The
    /// endpoint says what they are: the item is deserialized with them written in front of its own properties.</summary>
    private T DeserializeWithType(ReadOnlySpan<byte> item, bool hasApiVersion, bool hasKind)
    {
        var length = 1 + (hasApiVersion ? 0 : _apiVersionProperty.Length + 1) + (hasKind ? 0 : _kindProperty.Length + 1) + item.Length - 1;
        var scratch = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            scratch[at++] = (byte)'{';
            if (!hasApiVersion)
            {
                at = Prefix(scratch, at, _apiVersionProperty);
            }
            if (!hasKind)
            {
                at = Prefix(scratch, at, _kindProperty);
            }
            var rest = item[1..].TrimStart(" \t\r\n"u8);
            if (rest.Length > 0 && rest[0] == (byte)'}')
            {
                at--; // an empty object: no comma before its closing brace
            }
            rest.CopyTo(scratch.AsSpan(at));
            at += rest.Length;
            return JsonSerializer.Deserialize(scratch.AsSpan(0, at), _typeInfo)!;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static int Prefix(byte[] scratch, int at, byte[] property)
    {
        property.CopyTo(scratch, at);
        at += property.Length;
        scratch[at++] = (byte)',';
        return at;
    }

    private static byte[] Property(string name, string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }
        // {"name":"value"} without its braces
        return buffer.WrittenSpan[1..^1].ToArray();
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new JsonException(message);
        }
    }
}

/// <summary>A list response that ended before its page was complete (the connection broke off).</summary>
internal sealed class TruncatedListException(string message, Exception? innerException) : JsonException(message, innerException);
