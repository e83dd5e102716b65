namespace Search.Web;

/// <summary>Settings of the web app, bound from the <c>Search</c> configuration section (appsettings.json, <c>Search__Index</c>, <c>--Search:Index</c>).</summary>
public sealed class SearchWebOptions
{
    public const string Section = "Search";

    /// <summary>Index folder; built from <see cref="Corpus"/> at start-up when it holds no index.</summary>
    public string Index { get; set; } = "index";

    /// <summary>Corpus folder indexed at start-up (when there is no index) and by the admin reindex.</summary>
    public string Corpus { get; set; } = "corpus";

    /// <summary>Path of the SmartCn jar; null finds it the library's usual way.</summary>
    public string? SmartCnJar { get; set; }

    /// <summary>Bearer token for <c>POST /api/admin/reindex</c>; the endpoint is disabled while this is empty.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Cross-origin access; closed unless origins are listed.</summary>
    public CorsSettings Cors { get; set; } = new();

    /// <summary>Request limits.</summary>
    public LimitSettings Limits { get; set; } = new();

    /// <summary>Origins allowed to call the API from another site.</summary>
    public sealed class CorsSettings
    {
        public string[] Origins { get; set; } = [];
    }

    /// <summary>Bounds on what one request may ask for, and how often.</summary>
    public sealed class LimitSettings
    {
        /// <summary>Longest query text, in characters.</summary>
        public int MaxQueryLength { get; set; } = 200;

        /// <summary>Largest page size of <c>/api/search</c>.</summary>
        public int MaxPageSize { get; set; } = 50;

        /// <summary>Most districts a comparison and most rows a matrix return at once (their counts always cover every match).</summary>
        public int MaxRows { get; set; } = 3_000;

        /// <summary>Longest text <c>/api/similar?text=</c> accepts, in characters.</summary>
        public int MaxSimilarText { get; set; } = 5_000;

        /// <summary>Most similar measures returned at once.</summary>
        public int MaxSimilar { get; set; } = 30;

        /// <summary>API requests per client address per minute.</summary>
        public int RequestsPerMinute { get; set; } = 300;
    }
}
