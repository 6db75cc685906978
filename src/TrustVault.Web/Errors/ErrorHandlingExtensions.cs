using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace TrustVault.Web.Errors;

public static class ErrorHandlingExtensions
{
    public static WebApplicationBuilder AddErrorHandling(this WebApplicationBuilder builder)
    {
        // The request's own trace id: where a handler ran under an activity that has ended (the forwarder's, when an
        // upstream failed), the default would fall back to the connection's id, which no trace or log line carries.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
            problem.ProblemDetails.Extensions["traceId"] =
                (problem.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current)?.Id ?? problem.HttpContext.TraceIdentifier);
        // Outside Development an endpoint that cannot bind its request answers a bare 400 by default; thrown, the
        // exception handler below names the field and says why, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<TrustVaultExceptionHandler>();
        return builder;
    }

    /// <summary>Programs get problem+json for every error; people get a friendly page at the address they asked for.</summary>
    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseWhen(context => ApiPaths.IsApi(context.Request.Path), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages(EmptyAnswerProblem.WriteAsync);
        });
        app.UseWhen(context => !ApiPaths.IsApi(context.Request.Path), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler("/Error", createScopeForErrors: true);
            }

            pages.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        });
        return app;
    }
}
