namespace SecureOtp.Testing.Redis;

/// <summary>Where redis-server and redis-cli are. A missing one fails (never skips) with a message saying how to install it.</summary>
public static class RedisExecutables
{
    public static string Server => Find("redis-server", "REDIS_SERVER");

    public static string Cli => Find("redis-cli", "REDIS_CLI");

    private static string Find(string name, string variable)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"]);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{name} was not found on PATH (or in ${variable}). Tests and benchmarks that need Redis start a real one: " +
                "install it with 'apt-get update && apt-get install -y redis-server'.");
    }
}
