# syntax=docker/dockerfile:1
# SecureOtp container image: the SDK image builds and publishes, a chiseled ASP.NET runtime image runs.
#
#   docker build -t secure-otp .
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp \
#     -e Redis__Configuration=redis:6379 -e Otp__HashKeys__k1="$(openssl rand -base64 32)" -e Otp__ActiveHashKeyId=k1 \
#     -e Otp__PseudonymKey="$(openssl rand -base64 32)" -e Totp__SecretKeys__t1="$(openssl rand -base64 32)" \
#     -e Totp__ActiveSecretKeyId=t1 ... secure-otp
#
# CI runs the same `dotnet publish` line as the build stage, so a publish that breaks is caught before an image is built.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the files that decide the package graph only, so source edits reuse the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/SecureOtp.Api/SecureOtp.Api.csproj src/SecureOtp.Api/
RUN dotnet restore src/SecureOtp.Api/SecureOtp.Api.csproj
COPY src/ src/
RUN dotnet publish src/SecureOtp.Api -c Release -o /app --no-self-contained

# Chiseled = no shell, no package manager, only what the runtime needs. There is no HEALTHCHECK: with no shell or
# curl in the image, health is checked from outside (Kubernetes httpGet probes on /health/live and /health/ready).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# Read-only root filesystem: the app writes nothing to disk, but the .NET runtime opens its diagnostics IPC socket
# (dotnet-counters, dotnet-trace) under /tmp. Mount a writable /tmp (`--tmpfs /tmp`; the Helm chart mounts an
# emptyDir there) to keep those tools working, or set DOTNET_EnableDiagnostics=0 to turn the socket off instead.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# APP_UID is the non-root `app` user the .NET 8+ images define (uid 1654); numeric, so runAsNonRoot can verify it.
USER $APP_UID
ENTRYPOINT ["dotnet", "SecureOtp.Api.dll"]
