using System.Security.Cryptography;

namespace SecureOtp.DeliveryFigures;

/// <summary>A throw-away Vonage application key pair for the run: the service signs with the private PEM, the fake checks
/// with the public one. Both files live in a private temporary directory, deleted on dispose.</summary>
internal sealed class VonageApplicationKey : IDisposable
{
    public const string ApplicationId = "figures-application";

    private readonly string directory;

    private VonageApplicationKey(string directory)
    {
        this.directory = directory;
    }

    public string PrivateKeyPath => Path.Combine(directory, "private.pem");

    public string PublicKeyPath => Path.Combine(directory, "public.pem");

    public static VonageApplicationKey Create()
    {
        var directory = Directory.CreateTempSubdirectory("figures-vonage-").FullName;
        using var rsa = RSA.Create(2048);
        var key = new VonageApplicationKey(directory);
        File.WriteAllText(key.PrivateKeyPath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(key.PublicKeyPath, rsa.ExportSubjectPublicKeyInfoPem());
        return key;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
