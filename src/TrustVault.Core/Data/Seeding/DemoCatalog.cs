using TrustVault.Core.Catalog;

namespace TrustVault.Core.Data.Seeding;

/// <summary>The demo catalog: ten third-party APIs and TrustVault's four first-party analytics APIs.</summary>
internal static class DemoCatalog
{
    public sealed record Operation(string Method, string Path, string Tag, string Summary, params string[] QueryParameters);

    /// <param name="Operations">A third-party API's operations; first-party APIs have none here, the app generates their documents from its routes.</param>
    public sealed record Api(
        string Slug, string Name, string Category, string Summary, string Description, string[] Tags,
        string? Upstream, PlanInput[] Plans, Operation[]? Operations = null, bool FirstParty = false);

    private static PlanInput Free(long calls, int perSecond = 2) => new()
    {
        Name = "Free",
        MonthlyPrice = 0,
        IncludedCallsPerMonth = calls,
        RateLimitPerSecond = perSecond,
        RateLimitPerMinute = perSecond * 30,
    };

    private static PlanInput Paid(string name, decimal price, long calls, decimal? overage, int perSecond, int trialDays = 0, string currency = "USD") => new()
    {
        Name = name,
        MonthlyPrice = price,
        Currency = currency,
        IncludedCallsPerMonth = calls,
        OveragePricePer1000 = overage,
        RateLimitPerSecond = perSecond,
        RateLimitPerMinute = perSecond * 60,
        TrialDays = trialDays,
    };

    public static IReadOnlyList<Api> ThirdParty { get; } =
    [
        new("skycast-weather", "Skycast Weather", "Weather",
            "Hyperlocal forecasts, current conditions and severe-weather alerts for any coordinate.",
            "Skycast blends **radar nowcasts** with global models to give minute-by-minute precipitation for the next hour and hourly forecasts for 14 days.\n\n- Current conditions\n- 14-day forecasts\n- Government weather alerts",
            ["weather", "forecast", "climate"], "https://api.skycast.example/v2",
            [Free(1_000), Paid("Starter", 19m, 50_000, 0.50m, 10, trialDays: 14), Paid("Business", 149m, 1_000_000, 0.20m, 50)],
            [new("GET", "/current", "Conditions", "Current weather conditions at a coordinate", "lat", "lon", "units"),
             new("GET", "/forecast", "Forecasts", "Hourly and daily forecast for up to 14 days", "lat", "lon", "days"),
             new("GET", "/alerts", "Alerts", "Severe weather alerts issued for an area", "lat", "lon")]),
        new("geopoint-geocoding", "GeoPoint Geocoding", "Geolocation",
            "Forward and reverse geocoding with rooftop accuracy and time zones.",
            "Turn addresses into coordinates and back. GeoPoint covers 240 countries with rooftop-level accuracy in 80 of them.",
            ["geocoding", "maps", "addresses", "timezone"], "https://api.geopoint.example/v1",
            [Free(2_500), Paid("Growth", 49m, 100_000, 0.40m, 20), Paid("Scale", 399m, 2_000_000, 0.15m, 100)],
            [new("GET", "/geocode", "Geocoding", "Convert an address into coordinates", "address", "country"),
             new("GET", "/reverse", "Geocoding", "Find the address nearest to a coordinate", "lat", "lon"),
             new("GET", "/timezone", "Time zones", "Time zone and UTC offset at a coordinate", "lat", "lon")]),
        new("fxrate-exchange", "FXRate Currency Exchange", "Finance",
            "Real-time and historical exchange rates for 170 currencies, updated every 60 seconds.",
            "Mid-market rates sourced from central banks and liquidity providers, with history back to 1999.",
            ["currency", "exchange rates", "forex"], "https://api.fxrate.example/v1",
            [Paid("Basic", 9m, 10_000, null, 5), Paid("Professional", 79m, 500_000, 0.10m, 30, trialDays: 7)],
            [new("GET", "/latest", "Rates", "Latest exchange rates for a base currency", "base", "symbols"),
             new("GET", "/historical/{date}", "Rates", "Exchange rates on a past date", "base"),
             new("GET", "/convert", "Conversion", "Convert an amount between two currencies", "from", "to", "amount")]),
        new("sendwave-sms", "Sendwave SMS", "Communication",
            "Send and receive SMS in 190 countries with delivery receipts.",
            "Programmable messaging with local numbers, delivery reports and opt-out handling built in.",
            ["sms", "messaging", "notifications"], "https://api.sendwave.example/2024-01",
            [Paid("Pay as you go", 0m, 0, 7.50m, 10), Paid("Volume", 250m, 50_000, 5.00m, 100, currency: "EUR")],
            [new("POST", "/messages", "Messages", "Send an SMS message to a phone number"),
             new("GET", "/messages/{id}", "Messages", "Delivery status of a sent message"),
             new("GET", "/numbers", "Numbers", "List the phone numbers you can send from")]),
        new("mailcheck-validation", "MailCheck Email Validation", "Data",
            "Verify e-mail addresses before you send: syntax, domain, mailbox and disposable checks.",
            "Reduce bounces by checking addresses in real time at sign-up or in bulk before a campaign.",
            ["email", "validation", "deliverability"], "https://api.mailcheck.example/v3",
            [Free(500), Paid("Pro", 29m, 25_000, 1.20m, 10, trialDays: 14)],
            [new("GET", "/verify", "Verification", "Verify a single e-mail address", "email"),
             new("POST", "/bulk", "Verification", "Verify a list of up to 10,000 addresses")]),
        new("sentimind-nlp", "SentiMind Text Analytics", "AI & Machine Learning",
            "Sentiment, entities and summaries for English, German, French and Spanish text.",
            "Transformer models tuned on reviews, support tickets and news. Results include confidence scores.",
            ["nlp", "sentiment", "machine learning", "text"], "https://api.sentimind.example/v1",
            [Free(1_000, perSecond: 1), Paid("Team", 99m, 200_000, 0.60m, 20, trialDays: 30), Paid("Enterprise", 990m, 5_000_000, 0.25m, 200)],
            [new("POST", "/sentiment", "Analysis", "Score the sentiment of a text from -1 to 1"),
             new("POST", "/entities", "Analysis", "Extract people, places and organizations from a text"),
             new("POST", "/summarize", "Generation", "Summarize a long text in a few sentences")]),
        new("shieldip-threat-intel", "ShieldIP Threat Intelligence", "Security",
            "Reputation, abuse reports and VPN/Tor detection for IP addresses and domains.",
            "Block fraud at the edge: ShieldIP scores every address against 40 threat feeds, refreshed hourly.",
            ["security", "ip reputation", "fraud"], "https://api.shieldip.example/v1",
            [Paid("Starter", 39m, 30_000, null, 10, trialDays: 7), Paid("Business", 299m, 1_000_000, 0.08m, 100)],
            [new("GET", "/ip/{address}", "Reputation", "Reputation and threat score of an IP address"),
             new("GET", "/domain/{name}", "Reputation", "Reputation and registration age of a domain")]),
        new("stockpulse-market-data", "StockPulse Market Data", "Finance",
            "Quotes, intraday bars and 30 years of end-of-day prices for US and EU equities.",
            "Exchange-licensed market data with split and dividend adjustments.",
            ["stocks", "market data", "finance", "quotes"], "https://api.stockpulse.example/v1",
            [Paid("Hobby", 15m, 20_000, null, 5), Paid("Quant", 199m, 2_000_000, 0.05m, 50, trialDays: 14)],
            [new("GET", "/quotes/{symbol}", "Quotes", "Latest quote for a ticker symbol"),
             new("GET", "/history/{symbol}", "History", "End-of-day price history for a ticker", "from", "to")]),
        new("pdfforge-rendering", "PDFForge Document Rendering", "Developer Tools",
            "Render HTML or templates to pixel-perfect PDF documents at scale.",
            "Headless rendering with fonts, headers, footers and digital signatures. Jobs finish in under two seconds on average.",
            ["pdf", "documents", "rendering", "html"], "https://api.pdfforge.example/v1",
            [Free(100, perSecond: 1), Paid("Developer", 25m, 5_000, 2.00m, 5), Paid("Production", 225m, 100_000, 1.50m, 25)],
            [new("POST", "/render", "Rendering", "Render HTML or a template to a PDF document"),
             new("GET", "/jobs/{id}", "Jobs", "Status and download link of a rendering job")]),
        new("transitline-tracking", "TransitLine Shipment Tracking", "Data",
            "One API to track parcels across 900 carriers, with delivery estimates.",
            "Normalized tracking events from postal services, couriers and freight carriers worldwide.",
            ["logistics", "shipping", "tracking"], "https://api.transitline.example/v1",
            [Free(200), Paid("Merchant", 59m, 20_000, 2.50m, 10, trialDays: 14)],
            [new("GET", "/shipments/{trackingNumber}", "Shipments", "Tracking events and delivery estimate of a shipment", "carrier"),
             new("POST", "/subscriptions", "Notifications", "Get notified when a shipment changes status")]),
    ];

    public static IReadOnlyList<Api> FirstParty { get; } =
    [
        new("ai-analytics", "AI Analytics", "AI & Machine Learning",
            "Profile datasets, find trends and anomalies, forecast and explain the results in plain words.",
            "TrustVault's own analytics engines: dataset profiling, robust anomaly detection (seasonal-hybrid ESD, spectral residual, and a causal streaming score for live data), automatic forecasting (ETS and ARIMA chosen by AICc as R's forecast package does, Theta, and their mean when it backtests better) with prediction intervals, and narrative summaries.",
            ["analytics", "forecasting", "anomaly detection", "time series"], null,
            [Free(1_000), Paid("Analyst", 49m, 100_000, 0.50m, 20, trialDays: 14), Paid("Data team", 299m, 1_000_000, 0.30m, 100)],
            FirstParty: true),
        new("business-intelligence", "Business Intelligence", "Analytics",
            "SaaS metrics from your subscription data: MRR movements, churn, retention cohorts, LTV.",
            "Send subscription and event tables, get back the metrics investors ask for, computed with the common SaaS definitions.",
            ["saas metrics", "mrr", "churn", "cohorts"], null,
            [Free(500), Paid("Starter", 9m, 100, 1.00m, 20), Paid("Growth", 79m, 50_000, 1.00m, 10, trialDays: 14)],
            FirstParty: true),
        new("privacy-analytics", "Privacy-Preserving Analytics", "Security",
            "Differentially private counts, sums and histograms, and Paillier-encrypted aggregation.",
            "Answer questions about sensitive data without exposing individuals: calibrated Laplace and Gaussian noise with a privacy budget per dataset, or add up encrypted values the server cannot read.",
            ["privacy", "differential privacy", "encryption", "gdpr"], null,
            [Paid("Research", 99m, 20_000, null, 5, trialDays: 30), Paid("Compliance", 499m, 500_000, 0.80m, 50)],
            FirstParty: true),
        new("onchain-analytics", "On-Chain Analytics", "Blockchain",
            "Decode EVM logs into token transfers and DEX swaps; find whales and flows.",
            "ERC-20 transfers and approvals, Uniswap-V2-style swaps, token flows per address and DEX volume per pair, from a JSON-RPC node or uploaded logs.",
            ["blockchain", "ethereum", "defi", "tokens"], null,
            [Free(1_000), Paid("Trader", 59m, 100_000, 0.40m, 20)],
            FirstParty: true),
    ];
}
