using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SecureOtp.SampleLogin.Data;

/// <summary>Identity's tables on SQLite: users, passwords, phone numbers. No code, authenticator key or recovery code is ever stored.</summary>
public sealed class SampleDb(DbContextOptions<SampleDb> options) : IdentityDbContext<IdentityUser>(options);
