using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Search.Web.Endpoints;
using Search.Web.Services;
using Search.Analysis.SmartCn;

namespace Search.Web;

/// <summary>Builds the web app (API, search page, security middleware); used by <c>Program</c>, the CLI's <c>serve</c> and the tests.</summary>
public static class SearchWebApp
{
    /// <summary>Where the app listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>The configured app, with the index opened (and built from the corpus first when missing).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        // A pasted paragraph travels in the query string of /api/similar (up to Limits:MaxSimilarText characters, 9 bytes each
        // when percent-encoded); Kestrel's default request line is 8 KB.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestLineSize = 64 * 1024);
        AddServices(builder.Services, builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        UsePipeline(app);
        // Open (and if need be build) the index before listening, so the first visitor is not the one who waits.
        app.Services.GetRequiredService<PolicyLibrary>();
        return app;
    }

    static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchWebOptions>().Bind(configuration.GetSection(SearchWebOptions.Section));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTitles.Customize);
        services.AddExceptionHandler<UserErrorHandler>();
        services.AddOpenApi(OpenApiDescription.Configure);
        // Chinese stays readable in JSON; HTML-significant characters are still escaped.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SearchWebOptions>>().Value;
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Search.Web");
            return PolicyLibrary.Open(options.Index, options.Corpus, new SmartCnOptions(options.SmartCnJar),
                report: message => log.LogInformation("{Message}", message), warn: message => log.LogWarning("{Message}", message));
        });
        services.AddSingleton<Reindexer>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SearchWebOptions>>((cors, search) =>
        {
            var origins = search.Value.Cors.Origins.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray();
            if (origins.Length > 0)
                cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).WithMethods("GET").WithHeaders("Content-Type"));
        });

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!context.Request.Path.StartsWithSegments("/api")) return RateLimitPartition.GetNoLimiter("page");
                var perMinute = context.RequestServices.GetRequiredService<IOptions<SearchWebOptions>>().Value.Limits.RequestsPerMinute;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, perMinute),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancel) =>
            {
                var context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 429, Detail = "该地址请求过多，请一分钟后再试（too many requests from this address; wait a minute and try again）" },
                });
            };
        });
    }

    static void UsePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseCors();
        app.UseRateLimiter();

        var page = new EmbeddedFileProvider(typeof(SearchWebApp).Assembly, "Search.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = page,
            // Small files, changed with each build: always revalidate rather than serve a stale page against a new API.
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache",
        });

        app.MapOpenApi();
        app.MapSearchEndpoints();
        app.MapCompareEndpoints();
        app.MapTrendEndpoints();
        app.MapMatrixEndpoints();
        app.MapExportEndpoints();
        app.MapDocumentEndpoints();
        app.MapMeasureEndpoints();
        app.MapAdminEndpoints();
        app.MapHealthEndpoints();
    }
}
