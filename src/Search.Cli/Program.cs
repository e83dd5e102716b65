using System.CommandLine;
using System.Text;
using Search;
using Search.Cli;
using Search.Cli.Commands;

Console.OutputEncoding = new UTF8Encoding(false);
Console.InputEncoding = new UTF8Encoding(false);

var options = new CliOptions();
var root = new RootCommand("Search: full-text and semantic search over Chinese policy documents");
root.Add(options.Corpus);
root.Add(options.Index);
root.Add(options.Json);
root.Add(options.SmartCnJar);
foreach (var command in CommandCatalog.All(options))
    root.Add(command);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {parsed.Errors[0].Message}");
    return 2;
}
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (UserError e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
    return 1;
}
