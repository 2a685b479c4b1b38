using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecureOtp.Client.Identity;
using SecureOtp.SampleLogin.Data;
using SecureOtp.SampleLogin.Events;

var builder = WebApplication.CreateBuilder(args);
var secureOtp = builder.Configuration.GetSection("SecureOtp");

builder.Services.AddDbContext<SampleDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Sample")));

// The integrator's lines: the client, Identity with SecureOtp's token providers, and (optionally) the event webhooks.
builder.Services.AddSecureOtpClient(o =>
{
    o.BaseAddress = new Uri(secureOtp["BaseAddress"]!);
    o.ApiKey = secureOtp["ApiKey"];
});
builder.Services.AddIdentity<IdentityUser, IdentityRole>()
    .AddEntityFrameworkStores<SampleDb>()
    .AddSecureOtpTokenProviders<IdentityUser>();
var webhookSecret = secureOtp["WebhookSecret"];
if (!string.IsNullOrEmpty(webhookSecret))
{
    builder.Services.AddSecureOtpWebhooks(o => o.Secrets.Add(webhookSecret));
}

builder.Services.ConfigureApplicationCookie(o => o.LoginPath = "/Account/Login");
builder.Services.AddSingleton<ReceivedEvents>();
builder.Services.AddSingleton<ServiceFeatures>();
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Account/Manage");
    o.Conventions.AuthorizePage("/Events");
});

var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<SampleDb>().Database.EnsureCreated();
}

app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();
if (!string.IsNullOrEmpty(webhookSecret))
{
    var events = app.Services.GetRequiredService<ReceivedEvents>();
    app.MapSecureOtpWebhooks("/webhooks/secureotp", (e, _) =>
    {
        events.Add(e);
        return Task.CompletedTask;
    });
}

app.Run();
