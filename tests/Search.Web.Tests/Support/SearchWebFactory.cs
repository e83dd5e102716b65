using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Search.Web.Tests.Support;

/// <summary>The app in memory (TestServer) over an <see cref="IndexedCorpus"/>, with extra configuration per test class.</summary>
public sealed class SearchWebFactory(IndexedCorpus corpus, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<SearchWebOptions>
{
    public const string AdminToken = "test-admin-token";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Search:Index", corpus.Index);
        builder.UseSetting("Search:Corpus", corpus.Corpus);
        builder.UseSetting("Search:AdminToken", AdminToken);
        builder.UseSetting("Search:Limits:RequestsPerMinute", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }
}

/// <summary>One indexed corpus and one in-memory app shared by the API test classes.</summary>
public sealed class ApiFixture : IDisposable
{
    public IndexedCorpus Corpus { get; } = new();
    public SearchWebFactory Factory { get; }

    public ApiFixture() => Factory = new SearchWebFactory(Corpus);

    public void Dispose()
    {
        Factory.Dispose();
        Corpus.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
