using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace SecureOtp.Api.Storage;

/// <summary>
/// A Lua script called by its SHA-1 (EVALSHA). StackExchange.Redis can take the script's text and find the hash itself,
/// but it does so by hashing the whole text (4–7 KB with the header comments) in a lookup table on every call: about 2 %
/// of the service's CPU in a verify profile. The hash is computed once here instead.
/// </summary>
internal sealed class StoredScript
{
    public StoredScript(string text)
    {
        Text = text;
#pragma warning disable CA5350 // Redis names scripts by SHA-1; this is an identifier, not a security use.
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    public string Text { get; }

    public byte[] Sha1 { get; }
}

internal static class StoredScriptCalls
{
    /// <summary>EVALSHA; if the server does not know the script (it restarted, or a failover promoted a replica that never
    /// loaded it), EVAL, which loads it. A NOSCRIPT reply means nothing ran, so the second call cannot run it twice.</summary>
    public static async Task<RedisResult> EvaluateAsync(this IDatabase db, StoredScript script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await db.ScriptEvaluateAsync(script.Sha1, keys, values);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(script.Text, keys, values);
        }
    }
}
