using Search.Responses;

namespace Search.Cli;

/// <summary>The CLI's JSON: the command-line contract's settings (<see cref="ContractJson"/>), under the name the commands use.</summary>
public static class Json
{
    public static string Serialize<T>(T value) => ContractJson.Serialize(value);
}
