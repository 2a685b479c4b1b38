using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Security;

/// <summary>
/// Authenticates callers by the <c>X-Api-Key</c> header. The presented key is hashed and compared with every configured
/// hash in constant time, without stopping at the first match, so timing says nothing about which keys exist.
/// 401 and 403 are written as problem+json like every other error.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyDirectory directory,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const int MaxKeyLength = 512;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > MaxKeyLength)
        {
            Log.ApiKeyRejected(Logger, "malformed header");
            return Task.FromResult(AuthenticateResult.Fail("Malformed API key header."));
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!));
        var clients = directory.Clients;
        var match = -1;
        for (var i = 0; i < clients.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, clients[i].KeyHash))
            {
                match = i;
            }
        }

        if (match < 0)
        {
            Log.ApiKeyRejected(Logger, "unknown key");
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(clients[match].Principal(SchemeName), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return WriteProblem(CommonProblems.Unauthorized);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(CommonProblems.Forbidden);

    private async Task WriteProblem(ProblemKind kind)
    {
        Response.StatusCode = kind.Status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title },
        });
    }
}
