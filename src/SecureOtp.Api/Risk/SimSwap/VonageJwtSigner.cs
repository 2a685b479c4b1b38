using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>The SIM-swap client's application JWT: the shared <see cref="VonageApplicationJwt"/> with the key and
/// application of <c>Risk:SimSwap</c> (which may name another Vonage application than the delivery channels).</summary>
internal sealed class VonageJwtSigner : IDisposable
{
    private readonly VonageApplicationJwt jwt;

    public VonageJwtSigner(IOptions<SimSwapOptions> options, TimeProvider time)
        : this(VonagePrivateKey.Load(options.Value.PrivateKeyPath!), options.Value.ApplicationId!, time)
    {
    }

    internal VonageJwtSigner(RSA key, string applicationId, TimeProvider time) => jwt = new VonageApplicationJwt(key, applicationId, time);

    public string CreateToken() => jwt.CreateToken();

    public void Dispose() => jwt.Dispose();
}
