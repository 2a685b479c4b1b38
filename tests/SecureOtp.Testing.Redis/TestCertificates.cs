using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecureOtp.Testing.Redis;

/// <summary>
/// A throwaway CA and a server certificate it issued (for <c>localhost</c>, 127.0.0.1 and ::1), written as PEM files to
/// a temp folder for redis-server's <c>--tls-*</c> flags, and deleted on dispose. Made at run time with
/// <see cref="CertificateRequest"/>, valid for a day: nothing secret is checked in and no openssl is needed.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("secureotp-tls-");

    private TestCertificates()
    {
    }

    /// <summary>The CA certificate (PEM): what a client trusts, e.g. <c>Redis:TrustedCaPath</c>.</summary>
    public string CaPath => Path.Combine(folder.FullName, "ca.pem");

    public string CertificatePath => Path.Combine(folder.FullName, "server.pem");

    public string KeyPath => Path.Combine(folder.FullName, "server.key");

    public static TestCertificates Create()
    {
        var files = new TestCertificates();
        var notBefore = TimeProvider.System.GetUtcNow().AddHours(-1);
        var notAfter = notBefore.AddDays(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SecureOtp throwaway test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));

        // Server and client auth: redis-server also presents it when it connects to a master or a sentinel to a server.
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(files.CaPath, ca.ExportCertificatePem());
        File.WriteAllText(files.CertificatePath, server.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return files;
    }

    public void Dispose() => folder.Delete(recursive: true);
}
