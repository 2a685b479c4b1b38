namespace SecureOtp.Api.Security;

/// <summary>
/// The README's public key (<c>dev-only-secureotp-key</c>), so a newcomer can call a fresh <c>dotnet run</c>. It exists
/// only in Development and only while no API key is configured: the moment anyone configures a key of their own, a key
/// that everyone knows must stop opening the service.
/// </summary>
internal static class DevelopmentApiKey
{
    public const string Client = "dev";

    /// <summary>SHA-256 of <c>dev-only-secureotp-key</c>.</summary>
    public const string KeyHash = "786ac716ca86288d844cddca2f004130d2949083271d00d66dc98ca7c1e3fe31";

    public static void AddWhenNoneConfigured(AuthOptions options)
    {
        if (options.ApiKeys.Count == 0)
        {
            options.ApiKeys[Client] = new ApiClientOptions { KeyHash = KeyHash, Scopes = [.. Scopes.All] };
        }
    }
}
