using System.CommandLine;
using System.Net;
using System.Text;
using TrustVault.Client;

namespace TrustVault.Cli;

/// <summary>
/// The trustvault command: a thin layer over <see cref="TrustVaultClient"/> that logs in once with a personal access token
/// and then lists and changes what the platform API offers, as tables or (<c>--json</c>) as the API's JSON.
/// </summary>
public static class TrustVaultCli
{
    public const string ApiKeyVariable = "TRUSTVAULT_API_KEY";

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = new CliCommands(environment).Root();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await environment.Error.WriteLineAsync(error.Message);
            }

            await environment.Error.WriteLineAsync("Run 'trustvault --help' for the commands and their options.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken);
    }

    private sealed class CliCommands(CliEnvironment environment)
    {
        private readonly Option<bool> json = new("--json") { Description = "Write the API's JSON instead of a table, for scripts.", Recursive = true };
        private readonly Option<Guid?> organization = new("--org")
        {
            Description = "The organization to act for (an id from 'trustvault orgs'); the one chosen at login when left out.",
            Recursive = true,
        };

        public RootCommand Root()
        {
            var root = new RootCommand("TrustVault from a terminal or a script: log in with a personal access token, then manage keys, " +
                "subscriptions, usage, invoices, webhooks and privacy datasets, publish listings and their plans, or call an API through the gateway.");
            root.Options.Add(json);
            root.Options.Add(organization);
            root.Subcommands.Add(Login());
            root.Subcommands.Add(Logout());
            root.Subcommands.Add(Organizations());
            root.Subcommands.Add(Keys());
            root.Subcommands.Add(Subscriptions());
            root.Subcommands.Add(Usage());
            root.Subcommands.Add(Errors());
            root.Subcommands.Add(Lookup());
            root.Subcommands.Add(Invoices());
            root.Subcommands.Add(Call());
            root.Subcommands.Add(Webhooks());
            root.Subcommands.Add(Listings());
            root.Subcommands.Add(Plans());
            root.Subcommands.Add(Datasets());
            return root;
        }

        private Command Login()
        {
            var token = new Option<string>("--token") { Description = "A personal access token (tvp_…) from Account → Personal access tokens.", Required = true };
            var url = new Option<Uri>("--url")
            {
                Description = "Where TrustVault runs.",
                DefaultValueFactory = _ => new Uri("http://localhost:5072"),
                CustomParser = result =>
                {
                    if (Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
                    {
                        return address;
                    }

                    result.AddError($"--url must be an http or https address, e.g. https://trustvault.example.com, not '{result.Tokens[0].Value}'.");
                    return null;
                },
            };
            var command = new Command("login", "Check a personal access token and save it (owner-only file) for the other commands.") { token, url };
            command.SetAction(async (parsed, cancellationToken) =>
            {
                var address = parsed.GetValue(url)!;
                var secret = parsed.GetValue(token)!;
                return await RunAsync(parsed, withToken: true, async output =>
                {
                    using var client = new TrustVaultClient(environment.Http(address), personalAccessToken: secret);
                    var organizations = await AllAsync(page => client.ListOrganizationsAsync(page, PageSizeForAll, cancellationToken));
                    var chosen = parsed.GetValue(organization) is { } id
                        ? organizations.FirstOrDefault(o => o.OrganizationId == id) ?? throw new CliUsageException($"You are not a member of organization {id}.")
                        : organizations.FirstOrDefault(o => !o.IsPersonal) ?? organizations.FirstOrDefault()
                            ?? throw new CliUsageException("The token's user is a member of no organization.");
                    var config = new CliConfig(address, secret, chosen.OrganizationId);
                    await environment.Config.SaveAsync(config, cancellationToken);
                    output.Item(
                        new { baseAddress = address, organization = chosen },
                        $"Logged in to {address} for {chosen.Name} ({chosen.OrganizationId}); use --org to act for another organization.");
                });
            });
            return command;
        }

        private Command Logout()
        {
            var command = new Command("logout", "Forget the saved token.");
            command.SetAction(async (parsed, cancellationToken) =>
            {
                var removed = environment.Config.Delete();
                await environment.Out.WriteLineAsync(removed ? "Logged out." : "Not logged in.");
                return ExitCodes.Ok;
            });
            return command;
        }

        private Command Organizations()
        {
            var page = PageOption("organizations, your personal one first, then by name");
            var command = new Command("orgs", "The organizations you are a member of, with your role.") { page };
            command.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var organizations = await session.Client.ListOrganizationsAsync(parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    organizations, organizations.Items, Empty(organizations, "You are a member of no organization.", "organizations"),
                    ("", o => o.OrganizationId == session.OrganizationId ? "*" : ""),
                    ("id", o => o.OrganizationId.ToString()),
                    ("name", o => o.Name),
                    ("role", o => o.Role),
                    ("provider", o => o.IsProvider ? "yes" : "no"));
            }));
            return command;
        }

        private Command Keys()
        {
            var page = PageOption("keys, newest first");
            var list = new Command("list", "The organization's API keys (never their secrets), newest first.") { page };
            list.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var keys = await session.Client.ListKeysAsync(session.OrganizationId, parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    keys, keys.Items, Empty(keys, "No API keys yet: create one with 'trustvault keys create <name>'.", "keys"),
                    ("id", k => k.Id.ToString()),
                    ("name", k => k.Name),
                    ("prefix", k => k.Prefix),
                    ("state", k => k.IsUsable ? "usable" : k.RevokedAt is null ? "expired" : "revoked"),
                    ("created", k => CliOutput.Date(k.CreatedAt)),
                    ("last used", k => CliOutput.Date(k.LastUsedAt)));
            }));

            var name = new Argument<string>("name") { Description = "A name that says where the key is used." };
            var test = new Option<bool>("--test") { Description = "A test key: its calls are never billed." };
            var create = new Command("create", "Create an API key; its secret is shown this once.") { name, test };
            create.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var issued = await session.Client.CreateKeyAsync(session.OrganizationId, parsed.GetValue(name)!, test: parsed.GetValue(test), cancellationToken: cancellationToken);
                output.Item(issued, $"Created key {issued.Key.Name} ({issued.Key.Id}). Its secret, shown this once:", issued.Secret);
            }));

            var keyId = new Argument<Guid>("key-id") { Description = "The key's id, from 'trustvault keys list'." };
            var grace = new Option<int?>("--grace-hours") { Description = "How long the old key keeps working: 0 to 168 hours (24 when left out)." };
            var rotate = new Command("rotate", "Issue a replacement key; the old one works for the grace period.") { keyId, grace };
            rotate.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var issued = await session.Client.RotateKeyAsync(session.OrganizationId, parsed.GetValue(keyId), parsed.GetValue(grace), cancellationToken);
                output.Item(issued, $"Issued key {issued.Key.Name} ({issued.Key.Id}) to replace {parsed.GetValue(keyId)}. Its secret, shown this once:", issued.Secret);
            }));

            var revokedId = new Argument<Guid>("key-id") { Description = "The key's id, from 'trustvault keys list'." };
            var revoke = new Command("revoke", "Revoke a key now: calls with it are refused from then on.") { revokedId };
            revoke.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var id = parsed.GetValue(revokedId);
                await session.Client.RevokeKeyAsync(session.OrganizationId, id, cancellationToken);
                output.Item(new { id, revoked = true }, $"Revoked key {id}.");
            }));

            return new Command("keys", "List, create, rotate and revoke API keys.") { list, create, rotate, revoke };
        }

        private Command Subscriptions()
        {
            var planId = new Argument<Guid>("plan-id") { Description = "The plan's id." };
            var confirm = new Option<bool>("--confirm") { Description = "Take a paid plan: without it, a paid plan only shows what it costs." };
            var subscribe = new Command("subscribe", "Subscribe to a plan: a free one at once, a paid one once confirmed.") { planId, confirm };
            subscribe.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
                Outcome(output, await session.Client.SubscribeAsync(session.OrganizationId, parsed.GetValue(planId), parsed.GetValue(confirm), cancellationToken))));

            var subscriptionId = new Argument<Guid>("subscription-id") { Description = "The subscription's id, from 'trustvault subs --json'." };
            var newPlanId = new Argument<Guid>("plan-id") { Description = "A plan of the same API." };
            var confirmChange = new Option<bool>("--confirm") { Description = "Make the change: without it, it only shows what it costs and when it applies." };
            var change = new Command("change", "Move a subscription to another plan of the same API.") { subscriptionId, newPlanId, confirmChange };
            change.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) => Outcome(
                output,
                await session.Client.ChangePlanAsync(session.OrganizationId, parsed.GetValue(subscriptionId), parsed.GetValue(newPlanId), parsed.GetValue(confirmChange), cancellationToken))));

            var canceledId = new Argument<Guid>("subscription-id") { Description = "The subscription's id, from 'trustvault subs --json'." };
            var cancel = new Command("cancel", "Cancel at the end of the period paid for; calls work until then.") { canceledId };
            cancel.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var canceled = await session.Client.CancelSubscriptionAsync(session.OrganizationId, parsed.GetValue(canceledId), cancellationToken);
                output.Item(canceled, $"Canceled {canceled.SubscriptionId}: calls work until {CliOutput.Time(canceled.EndsAt)}.");
            }));

            var keptId = new Argument<Guid>("subscription-id") { Description = "The subscription's id, from 'trustvault subs --json'." };
            var keep = new Command("keep", "Withdraw a scheduled cancellation or downgrade: the subscription keeps its plan and renews.") { keptId };
            keep.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var id = parsed.GetValue(keptId);
                await session.Client.WithdrawScheduledChangeAsync(session.OrganizationId, id, cancellationToken);
                output.Item(new { id, kept = true }, $"Kept {id}: it renews at its plan.");
            }));

            var page = PageOption("subscriptions, newest first");
            var command = new Command("subs", "The organization's subscriptions and their plans, newest first; subscribe, change plan, cancel, keep.")
            {
                subscribe, change, cancel, keep, page,
            };
            command.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var subscriptions = await session.Client.ListSubscriptionsAsync(session.OrganizationId, parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    subscriptions, subscriptions.Items, Empty(subscriptions, "No subscriptions yet: subscribe to an API in the catalog.", "subscriptions"),
                    ("listing", s => s.ListingSlug),
                    ("plan", s => s.PlanName),
                    ("price", s => CliOutput.Money(s.MonthlyPrice, s.Currency) + "/month"),
                    ("included calls", s => CliOutput.Number(s.IncludedCallsPerMonth)),
                    ("status", s => s.Status),
                    ("renews or ends", s => CliOutput.Date(s.CancelsAt ?? s.Period.End)));
            }));
            return command;
        }

        private Command Usage()
        {
            var days = new Option<int>("--days") { Description = "Days back, today included: 1 to 90.", DefaultValueFactory = _ => 30 };
            var listing = new Option<string?>("--listing") { Description = "Only this listing (its slug, as in 'trustvault subs')." };
            var command = new Command("usage", "Calls and errors per day and listing, and where each subscription stands against its quota.") { days, listing };
            command.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var report = await session.Client.GetUsageAsync(session.OrganizationId, parsed.GetValue(days), cancellationToken);
                var daily = report.Usage.Daily;
                var quotas = report.Quotas;
                if (parsed.GetValue(listing) is { } slug)
                {
                    var subscriptions = await AllAsync(page => session.Client.ListSubscriptionsAsync(session.OrganizationId, page, PageSizeForAll, cancellationToken));
                    var listingId = subscriptions.FirstOrDefault(s => s.ListingSlug == slug)?.ListingId
                        ?? throw new CliUsageException($"The organization has no subscription to '{slug}': see 'trustvault subs'.");
                    daily = [.. daily.Where(d => d.ListingId == listingId)];
                    quotas = [.. quotas.Where(q => q.ListingId == listingId)];
                }

                output.Table(
                    new { report.Days, Daily = daily, Quotas = quotas }, daily, $"No calls in the last {report.Days} days.",
                    ("day", d => CliOutput.Day(d.Day)),
                    ("listing", d => d.ListingName),
                    ("calls", d => CliOutput.Number(d.Calls)),
                    ("errors", d => CliOutput.Number(d.Errors)));
                if (!output.IsJson && quotas.Count > 0)
                {
                    await environment.Out.WriteLineAsync();
                    output.Table(
                        quotas, quotas, "",
                        ("listing", q => q.ListingName),
                        ("plan", q => q.PlanName),
                        ("used", q => CliOutput.Number(q.Used)),
                        ("included", q => CliOutput.Number(q.Included)),
                        ("period ends", q => CliOutput.Date(q.PeriodEnd)));
                }
            }));
            return command;
        }

        private Command Errors()
        {
            var days = new Option<int>("--days") { Description = "Days back, today included: 1 to 90.", DefaultValueFactory = _ => 7 };
            var command = new Command("errors", "Calls answered 4xx or 5xx, newest first, with the request id to look each up by.") { days };
            command.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var today = DateOnly.FromDateTime(DateTime.UtcNow);
                var filter = new UsageFilter(From: today.AddDays(1 - parsed.GetValue(days)), To: today);
                var failed = await session.Client.ListFailedCallsAsync(session.OrganizationId, filter, pageSize: 100, cancellationToken: cancellationToken);
                output.Table(
                    failed, failed.Items, $"No failed calls in the last {parsed.GetValue(days)} days.",
                    ("time", c => CliOutput.Time(c.At)),
                    ("status", c => CliOutput.Number(c.Status)),
                    ("endpoint", c => $"{c.Method} {c.Route}"),
                    ("key", c => c.KeyName),
                    ("request id", c => c.RequestId));
            }));
            return command;
        }

        private Command Lookup()
        {
            var requestId = new Argument<string>("request-id") { Description = "The X-TrustVault-Request-Id of the gateway's answer." };
            var provider = new Option<bool>("--provider") { Description = "Look the call up among calls to your organization's listings." };
            var command = new Command("lookup", "One call by its request id: time, key, endpoint, status, latency, bytes, billable.") { requestId, provider };
            command.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var id = parsed.GetValue(requestId)!;
                var call = parsed.GetValue(provider)
                    ? await session.Client.GetListingCallAsync(session.OrganizationId, id, cancellationToken)
                    : await session.Client.GetCallAsync(session.OrganizationId, id, cancellationToken);
                output.Item(
                    call,
                    $"{call.Method} {call.Route} on {call.ListingName}: {call.Status} in {call.LatencyMs} ms, {CliOutput.Number(call.Bytes)} bytes, " +
                    $"{(call.Billable ? "billable" : "not billable")}",
                    $"at {CliOutput.Time(call.At)} by {call.Organization}" +
                    (call.KeyName is { } key ? $" with key {key}" : ""));
            }));
            return command;
        }

        private Command Invoices()
        {
            var page = PageOption("invoices, newest first");
            var command = new Command("invoices", "The organization's invoices, newest first.") { page };
            command.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var invoices = await session.Client.ListInvoicesAsync(session.OrganizationId, parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    invoices, invoices.Items, Empty(invoices, "No invoices yet.", "invoices"),
                    ("number", i => i.Number),
                    ("period", i => CliOutput.Month(i.PeriodStart)),
                    ("issued", i => CliOutput.Date(i.IssuedAt)),
                    ("total", i => CliOutput.Money(i.Total, i.Currency)),
                    ("status", i => i.Status));
            }));
            return command;
        }

        private Command Call()
        {
            var listing = new Argument<string>("listing") { Description = "The listing's slug, e.g. ai-analytics." };
            var path = new Argument<string>("path") { Description = "The API's path with its query string, e.g. /v1/ping." };
            var data = new Option<string?>("--data", "-d") { Description = "A JSON body to send (POST unless --method says otherwise)." };
            var method = new Option<string?>("--method", "-X") { Description = "The HTTP method: GET, or POST with --data, when left out." };
            var key = new Option<string?>("--key") { Description = $"The API key to call with; ${ApiKeyVariable} when left out." };
            var command = new Command("call", "Call an API through the gateway with an API key and write its answer.") { listing, path, data, method, key };
            command.SetAction(async (parsed, cancellationToken) =>
            {
                var apiKey = parsed.GetValue(key) ?? environment.Variable(ApiKeyVariable);
                if (string.IsNullOrWhiteSpace(apiKey))
                {
                    await environment.Error.WriteLineAsync($"Give an API key with --key or ${ApiKeyVariable}: create one with 'trustvault keys create <name>'.");
                    return ExitCodes.Usage;
                }

                var config = await environment.Config.LoadAsync(cancellationToken);
                return await RunAsync(parsed, withToken: false, async output =>
                {
                    if (config is null)
                    {
                        throw new CliNotLoggedInException();
                    }

                    var body = parsed.GetValue(data);
                    var verb = new HttpMethod((parsed.GetValue(method) ?? (body is null ? "GET" : "POST")).ToUpperInvariant());
                    using var client = new TrustVaultClient(environment.Http(config.BaseAddress), apiKey: apiKey);
                    using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await client.CallAsync(parsed.GetValue(listing)!, verb, parsed.GetValue(path)!, content, cancellationToken);
                    await environment.Out.WriteLineAsync(await response.Content.ReadAsStringAsync(cancellationToken));
                });
            });
            return command;
        }

        private Command Webhooks()
        {
            var page = PageOption("endpoints, in the order they were registered");
            var list = new Command("list", "The organization's webhook endpoints, in the order they were registered.") { page };
            list.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var endpoints = await session.Client.ListWebhooksAsync(session.OrganizationId, parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    endpoints, endpoints.Items, Empty(endpoints, "No webhook endpoints yet.", "webhook endpoints"),
                    ("id", e => e.Id.ToString()),
                    ("url", e => e.Url),
                    ("events", e => e.AllEvents ? "all" : string.Join(",", e.Events)),
                    ("enabled", e => e.IsEnabled ? "yes" : "no"));
            }));

            var endpointId = new Argument<Guid>("endpoint-id") { Description = "The endpoint's id, from 'trustvault webhooks list'." };
            var test = new Command("test", "Send a ping event to one endpoint.") { endpointId };
            test.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var eventId = await session.Client.SendTestWebhookAsync(session.OrganizationId, parsed.GetValue(endpointId), cancellationToken);
                output.Item(new { eventId }, $"Queued ping event {eventId}; see its delivery with 'trustvault webhooks deliveries'.");
            }));

            var deliveries = new Command("deliveries", "The latest webhook deliveries, newest first.");
            deliveries.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var log = await session.Client.ListWebhookDeliveriesAsync(session.OrganizationId, cancellationToken: cancellationToken);
                output.Table(
                    log, log.Items, "No deliveries yet.",
                    ("id", d => d.Id.ToString()),
                    ("event", d => d.EventType),
                    ("url", d => d.EndpointUrl),
                    ("status", d => d.Status),
                    ("attempts", d => CliOutput.Number(d.AttemptCount)),
                    ("last answer", d => d.LastStatusCode is { } code ? CliOutput.Number(code) : d.LastError ?? "-"));
            }));

            var deliveryId = new Argument<Guid>("delivery-id") { Description = "The delivery's id, from 'trustvault webhooks deliveries'." };
            var resend = new Command("resend", "Deliver an event again, with the same id and body.") { deliveryId };
            resend.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var id = parsed.GetValue(deliveryId);
                await session.Client.ResendWebhookDeliveryAsync(session.OrganizationId, id, cancellationToken);
                output.Item(new { id, queued = true }, $"Queued delivery {id} again.");
            }));

            return new Command("webhooks", "List webhook endpoints and deliveries, send a test event, resend a delivery.") { list, test, deliveries, resend };
        }

        private static void Outcome(CliOutput output, SubscriptionOutcome outcome)
        {
            var quote = outcome.Quote;
            var terms = $"{quote.PlanName} of {quote.ListingName}: {CliOutput.Money(quote.MonthlyPrice, quote.Currency)}/month, " +
                $"{CliOutput.Number(quote.IncludedCallsPerMonth)} calls included" +
                (quote.ProratedAmount is { } prorated ? $", {CliOutput.Money(prorated, quote.Currency)} for the rest of this period" : "") +
                (quote.FirstChargeAt is { } charged ? $", first charged {CliOutput.Date(charged)}" : "") + ".";
            output.Item(outcome, outcome.Step switch
            {
                "ConfirmationRequired" => [terms, "Nothing changed: run the command again with --confirm to take it."],
                "CheckoutRequired" => [terms, $"Subscription {outcome.SubscriptionId} waits for the payment: finish it at {outcome.CheckoutUrl}"],
                "Scheduled" => [terms, $"It applies from {CliOutput.Date(quote.AppliesAt)}, the end of this period."],
                _ => [terms, $"Subscription {outcome.SubscriptionId} is on it now."],
            });
        }

        private Command Listings()
        {
            var days = new Option<int>("--days") { Description = "Traffic of the last days: 1 to 90.", DefaultValueFactory = _ => 30 };
            var page = PageOption("listings, the latest changed first");
            var list = new Command("list", "The organization's own listings with their review status and traffic, the latest changed first.") { days, page };
            list.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var listings = await session.Client.ListListingsAsync(session.OrganizationId, parsed.GetValue(days), parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    listings, listings.Items, Empty(listings, "No listings yet: create one with 'trustvault listings create'.", "listings"),
                    ("id", l => l.Listing.Id.ToString()),
                    ("slug", l => l.Listing.Slug),
                    ("status", l => l.Listing.Status),
                    ("plans", l => CliOutput.Number(l.Listing.PlanCount)),
                    ("endpoints", l => CliOutput.Number(l.Listing.EndpointCount)),
                    ("calls", l => CliOutput.Number(l.Stats?.Calls ?? 0)));
            }));

            var createFields = new ListingOptions(required: true);
            var create = new Command("create", "Create a draft listing.");
            createFields.AddTo(create);
            create.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
                Review(output, await session.Client.CreateListingAsync(session.OrganizationId, createFields.Changes(parsed), cancellationToken), "Created")));

            var updatedId = ListingId();
            var updateFields = new ListingOptions(required: false);
            var update = new Command("update", "Change the fields given: a draft at once, a live listing once its changes are approved.") { updatedId };
            updateFields.AddTo(update);
            update.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) => Review(
                output, await session.Client.UpdateListingAsync(session.OrganizationId, parsed.GetValue(updatedId), updateFields.Changes(parsed), cancellationToken), "Updated")));

            var importedId = ListingId();
            var file = new Argument<FileInfo>("file") { Description = "An OpenAPI 3.x document, JSON or YAML." };
            var import = new Command("import", "Replace the listing's endpoints with an OpenAPI document's; one with errors changes nothing.") { importedId, file };
            import.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var path = parsed.GetValue(file)!;
                if (!path.Exists)
                {
                    throw new CliUsageException($"No file at {path.FullName}.");
                }

                var document = await File.ReadAllTextAsync(path.FullName, cancellationToken);
                var imported = await session.Client.ImportOpenApiAsync(session.OrganizationId, parsed.GetValue(importedId), document, cancellationToken);
                output.Item(imported, [$"Imported {CliOutput.Number(imported.Endpoints)} endpoints of {imported.Title} {imported.Version}.", ReviewLine(imported.Listing)]);
            }));

            var submittedId = ListingId();
            var submit = new Command("submit", "Submit a draft or rejected listing for review; a live listing's changes are in review once saved.") { submittedId };
            submit.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
                Review(output, await session.Client.SubmitListingAsync(session.OrganizationId, parsed.GetValue(submittedId), cancellationToken), "Submitted")));

            var statusId = ListingId();
            var status = new Command("status", "Where the listing is in review, with what pending changes would change.") { statusId };
            status.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
                Review(output, await session.Client.GetListingReviewAsync(session.OrganizationId, parsed.GetValue(statusId), cancellationToken), null)));

            return new Command("listings", "Publish the organization's listings: create, update, import an OpenAPI document, submit, review status.")
            {
                list, create, update, import, submit, status,
            };
        }

        private Command Plans()
        {
            var listingId = ListingId();
            var name = new Option<string>("--name") { Description = "The plan's name, e.g. Pro.", Required = true };
            var price = new Option<decimal>("--price") { Description = "The monthly price; 0 for a free plan." };
            var currency = new Option<string>("--currency") { Description = "USD, EUR or GBP.", DefaultValueFactory = _ => "USD" };
            var included = new Option<long>("--included-calls") { Description = "Calls included each month.", DefaultValueFactory = _ => 1000 };
            var overage = new Option<decimal?>("--overage-per-1000") { Description = "The price of 1,000 calls beyond the included ones; a hard cap when left out." };
            var perSecond = new Option<int>("--rate-per-second") { Description = "Calls a second.", DefaultValueFactory = _ => 5 };
            var perMinute = new Option<int>("--rate-per-minute") { Description = "Calls a minute.", DefaultValueFactory = _ => 100 };
            var trial = new Option<int>("--trial-days") { Description = "Days of free trial." };
            var hidden = new Option<bool>("--hidden") { Description = "Not shown in the catalog." };
            var create = new Command("create", "Add a plan: to a draft at once, to a live listing once approved.")
            {
                listingId, name, price, currency, included, overage, perSecond, perMinute, trial, hidden,
            };
            create.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var plan = new NewPlan(
                    parsed.GetValue(name)!, parsed.GetValue(price), parsed.GetValue(currency)!, parsed.GetValue(included), parsed.GetValue(overage),
                    parsed.GetValue(perSecond), parsed.GetValue(perMinute), parsed.GetValue(trial), !parsed.GetValue(hidden));
                var created = await session.Client.CreatePlanAsync(session.OrganizationId, parsed.GetValue(listingId), plan, cancellationToken);
                output.Item(created, [$"Created plan {plan.Name} ({created.PlanId}).", ReviewLine(created.Listing)]);
            }));

            var planId = new Argument<Guid>("plan-id") { Description = "The plan's id." };
            var retire = new Command("retire", "Close a plan to new subscribers now; its subscribers keep it.") { planId };
            retire.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var id = parsed.GetValue(planId);
                await session.Client.RetirePlanAsync(session.OrganizationId, id, cancellationToken);
                output.Item(new { planId = id, retired = true }, $"Retired plan {id}.");
            }));

            return new Command("plans", "Create and retire the plans of the organization's listings.") { create, retire };
        }

        private const int PageSizeForAll = 100;

        /// <summary>Every item of a list, read page after page of <see cref="PageSizeForAll"/>: for a lookup in the whole list.</summary>
        private static async Task<List<T>> AllAsync<T>(Func<int, Task<ListPage<T>>> read)
        {
            var all = new List<T>();
            for (var page = 1; ; page++)
            {
                var next = await read(page);
                all.AddRange(next.Items);
                if (next.Items.Count == 0 || all.Count >= next.Total)
                {
                    return all;
                }
            }
        }

        /// <summary>The --page option of a list command; <paramref name="items"/> says what it lists and in which order.</summary>
        private static Option<int> PageOption(string items) =>
            new("--page") { Description = $"Page of 20 {items}, from 1.", DefaultValueFactory = _ => 1 };

        /// <summary>What a list command prints for an empty page: <paramref name="none"/> when the whole list is empty.</summary>
        private static string Empty<T>(ListPage<T> page, string none, string items) =>
            page.Total == 0 ? none : $"No {items} on page {page.Page} of {page.Total} in all.";

        private static Argument<Guid> ListingId() => new("listing-id") { Description = "The listing's id, from 'trustvault listings list'." };

        private static void Review(CliOutput output, ListingReviewStatus status, string? done) =>
            output.Item(status, done is null ? [ReviewLine(status)] : [$"{done} {status.Name} ({status.Id}).", ReviewLine(status)]);

        private static string ReviewLine(ListingReviewStatus status)
        {
            var line = $"{status.Slug} is {status.Status}" + (status.StatusReason is { } reason ? $": {reason}" : "") + ".";
            return status.Revision switch
            {
                { IsPending: true } revision => $"{line} Changes wait for review since {CliOutput.Time(revision.SubmittedAt)}: " +
                    string.Join(", ", revision.Changes.Select(c => c.Field)) + ".",
                { } revision => $"{line} Latest changes: {revision.Status}" + (revision.Reason is { } why ? $" ({why})" : "") + ".",
                null => line,
            };
        }

        private Command Datasets()
        {
            var page = PageOption("datasets, newest first");
            var list = new Command("list", "The organization's privacy datasets, newest first, with what each has spent, and the month's cap.") { page };
            list.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var datasets = await session.Client.ListPrivacyDatasetsAsync(session.OrganizationId, parsed.GetValue(page), cancellationToken: cancellationToken);
                output.Table(
                    datasets, datasets.Items, Empty(datasets, "No privacy datasets yet: register one with 'trustvault datasets create <name>'.", "datasets"),
                    ("id", d => d.Id.ToString()),
                    ("name", d => d.Name),
                    ("ε spent", d => $"{CliOutput.Privacy(d.SpentEpsilon)} of {CliOutput.Privacy(d.EpsilonBudget)}"),
                    ("δ spent", d => $"{CliOutput.Privacy(d.SpentDelta)} of {CliOutput.Privacy(d.DeltaBudget)}"),
                    ("queries", d => CliOutput.Number(d.Queries)),
                    ("archived", d => d.ArchivedAt is { } at ? CliOutput.Date(at) : "-"));
                // The month's cap is the organization's, the same in every dataset's budget.
                if (!output.IsJson && datasets.Items.Count > 0)
                {
                    var budget = await session.Client.GetPrivacyBudgetAsync(session.OrganizationId, datasets.Items[0].Id, cancellationToken);
                    await environment.Out.WriteLineAsync(Month(budget.Month));
                }
            }));

            var name = new Argument<string>("name") { Description = "What people call the dataset; queries use the id it gets." };
            var description = new Option<string?>("--description") { Description = "What the dataset holds." };
            var epsilon = new Option<double?>("--epsilon") { Description = "The ε all of its queries may spend together (default 10)." };
            var delta = new Option<double?>("--delta") { Description = "The δ they may spend together, 0 to 0.001 (default 1e-5); 0 allows Laplace only." };
            var create = new Command("create", "Register a dataset; pass its id as 'dataset' to the differential privacy endpoints.") { name, description, epsilon, delta };
            create.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var dataset = await session.Client.CreatePrivacyDatasetAsync(
                    session.OrganizationId, parsed.GetValue(name)!, parsed.GetValue(description), parsed.GetValue(epsilon), parsed.GetValue(delta), cancellationToken);
                output.Item(
                    dataset,
                    $"Registered dataset {dataset.Id} ({dataset.Name}): ε = {CliOutput.Privacy(dataset.EpsilonBudget)}, δ = {CliOutput.Privacy(dataset.DeltaBudget)}.",
                    "Pass the id as 'dataset' to /v1/dp/count, sum, mean and histogram.");
            }));

            var datasetId = new Argument<Guid>("dataset-id") { Description = "The dataset's id, from 'trustvault datasets list'." };
            var budget = new Command("budget", "What a dataset has spent of its budget and what remains, and the month's cap.") { datasetId };
            budget.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var status = await session.Client.GetPrivacyBudgetAsync(session.OrganizationId, parsed.GetValue(datasetId), cancellationToken);
                var dataset = status.Dataset;
                output.Item(
                    status,
                    $"{dataset.Name}: ε {CliOutput.Privacy(dataset.RemainingEpsilon)} of {CliOutput.Privacy(dataset.EpsilonBudget)} left, " +
                    $"δ {CliOutput.Privacy(dataset.RemainingDelta)} of {CliOutput.Privacy(dataset.DeltaBudget)} left, {CliOutput.Number(dataset.Queries)} queries" +
                    (dataset.ArchivedAt is { } at ? $", archived {CliOutput.Date(at)}" : ""),
                    Month(status.Month));
            }));

            var archive = new Command("archive", "Archive a dataset: it takes no more queries; what it spent still counts against the month's cap.") { datasetId };
            archive.SetAction((parsed, cancellationToken) => WithLoginAsync(parsed, async (session, output) =>
            {
                var id = parsed.GetValue(datasetId);
                await session.Client.ArchivePrivacyDatasetAsync(session.OrganizationId, id, cancellationToken);
                output.Item(new { id, archived = true }, $"Archived dataset {id}: it takes no more queries.");
            }));

            return new Command("datasets", "List, register and archive privacy datasets and read their budgets.") { list, create, budget, archive };
        }

        private static string Month(PrivacyMonth month) =>
            $"This month: ε {CliOutput.Privacy(month.SpentEpsilon)} of the organization's cap of {CliOutput.Privacy(month.EpsilonCap)} spent; it resets {CliOutput.Date(month.ResetsAt)}.";

        /// <summary>Runs <paramref name="work"/> with the saved login and the organization to act for.</summary>
        private async Task<int> WithLoginAsync(ParseResult parsed, Func<CliSession, CliOutput, Task> work)
        {
            var config = await environment.Config.LoadAsync(CancellationToken.None);
            return await RunAsync(parsed, withToken: true, async output =>
            {
                if (config is null)
                {
                    throw new CliNotLoggedInException();
                }

                using var client = new TrustVaultClient(environment.Http(config.BaseAddress), personalAccessToken: config.Token);
                await work(new CliSession(client, parsed.GetValue(organization) ?? config.OrganizationId), output);
            });
        }

        /// <summary>Runs a command and turns what can go wrong into a message on standard error and its exit code.</summary>
        /// <param name="withToken">The command calls the platform API with the token, so a 401 means the login is stale; a 401 from
        /// the gateway refuses the API key instead.</param>
        private async Task<int> RunAsync(ParseResult parsed, bool withToken, Func<CliOutput, Task> work)
        {
            try
            {
                await work(new CliOutput(environment.Out, parsed.GetValue(json)));
                return ExitCodes.Ok;
            }
            catch (CliNotLoggedInException)
            {
                await environment.Error.WriteLineAsync("Not logged in: run 'trustvault login --token tvp_… --url https://your-trustvault'.");
                return ExitCodes.NotLoggedIn;
            }
            catch (CliUsageException e)
            {
                await environment.Error.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }
            catch (TrustVaultApiException e) when (withToken && e.StatusCode == HttpStatusCode.Unauthorized)
            {
                await environment.Error.WriteLineAsync($"{e.Message}\nThe token was refused (expired or revoked?): run 'trustvault login' with a new one.");
                return ExitCodes.NotLoggedIn;
            }
            catch (TrustVaultApiException e)
            {
                await environment.Error.WriteLineAsync(e.Message);
                foreach (var (field, messages) in e.Errors)
                {
                    await environment.Error.WriteLineAsync($"  {field}: {string.Join(" ", messages)}");
                }

                return ExitCodes.Refused;
            }
            catch (HttpRequestException e)
            {
                await environment.Error.WriteLineAsync($"Could not reach TrustVault: {e.Message}");
                return ExitCodes.Unreachable;
            }
        }
    }

    private sealed record CliSession(TrustVaultClient Client, Guid OrganizationId);

    /// <summary>A listing's fields as options: all required to create one, the ones given to update one.</summary>
    private sealed class ListingOptions(bool required)
    {
        private readonly Option<string?> name = new("--name") { Description = "The listing's name.", Required = required };
        private readonly Option<string?> slug = new("--slug") { Description = "Its address in the catalog and the gateway, e.g. weather-forecast.", Required = required };
        private readonly Option<string?> summary = new("--summary") { Description = "One line for the catalog.", Required = required };
        private readonly Option<string?> category = new("--category") { Description = "One of the catalog's categories, e.g. Weather.", Required = required };
        private readonly Option<string?> description = new("--description") { Description = "The catalog page's text, in Markdown." };
        private readonly Option<string[]?> tags = new("--tag") { Description = "A tag; repeat for more (they replace the current ones)." };
        private readonly Option<string?> logo = new("--logo-url") { Description = "An https address of the logo; empty to clear it." };
        private readonly Option<string?> upstream = new("--upstream-url") { Description = "The base URL the gateway forwards calls to." };
        private readonly Option<string?> health = new("--health-path") { Description = "The path the uptime probe calls; empty to clear it." };
        private readonly Option<string?> version = new("--version") { Description = "The API's version, e.g. 2.1.0." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { name, slug, summary, category, description, tags, logo, upstream, health, version })
            {
                command.Options.Add(option);
            }
        }

        public ListingChanges Changes(ParseResult parsed) => new(
            parsed.GetValue(name), parsed.GetValue(slug), parsed.GetValue(summary), parsed.GetValue(description), parsed.GetValue(category),
            // Left out, the tags stay as they are; an option of many values would otherwise read as none.
            parsed.GetResult(tags) is null ? null : parsed.GetValue(tags), parsed.GetValue(logo), parsed.GetValue(upstream), parsed.GetValue(health), parsed.GetValue(version));
    }

    private sealed class CliNotLoggedInException : Exception;

    private sealed class CliUsageException(string message) : Exception(message);
}
