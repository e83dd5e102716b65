using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Search.Responses;

/// <summary>The JSON settings of the command-line contract (<c>--json</c>): camelCase, Chinese kept readable, nulls omitted.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Rows streamed by an export: camelCase, every field written (null where empty), so each row has the same keys.</summary>
    public static readonly JsonSerializerOptions WebOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
