namespace SecureOtp.DeliveryFigures;

/// <summary>One send of the run: where it goes, what its carrier will report after how long, and what came of it.</summary>
internal sealed class Send(Country country, string phone, string purpose, bool fails, int delayMs, bool userVerifies)
{
    /// <summary>
    /// Every country's sends, interleaved. Who fails, how long receipts take, the purpose and whether the user types the
    /// code in are spread evenly by index (not drawn at random), so two runs plan the same traffic; only the numbers differ.
    /// </summary>
    public static List<Send> Plan(IReadOnlyList<Country> countries)
    {
        var plan = new List<Send>();
        foreach (var c in countries)
        {
            var failing = (int)Math.Round(c.Sends * c.FailShare);
            for (var i = 0; i < c.Sends; i++)
            {
                var purpose = i % 10 < 7 ? "login" : "signup";
                // Login users finish 9 times in 10, sign-ups 3 in 4: a new user gives up more easily.
                var verifies = purpose == "login" ? i % 10 != 3 : i % 4 != 1;
                var delay = c.MinMs + ((i * 7919) % (c.MaxMs - c.MinMs + 1));
                plan.Add(new Send(c, c.NewPhone(), purpose, (i * 37 % c.Sends) < failing, delay, verifies));
            }
        }

        return [.. plan.Select((s, i) => (s, key: (i * 7919) % plan.Count)).OrderBy(x => x.key).Select(x => x.s)];
    }

    public Country Country { get; } = country;

    public string Phone { get; } = phone;

    public string Purpose { get; } = purpose;

    public bool Fails { get; } = fails;

    public int DelayMs { get; } = delayMs;

    public bool UserVerifies { get; } = userVerifies;

    public string UserId { get; } = "u-" + Guid.NewGuid().ToString("N");

    public string? VerificationId { get; set; }

    public string? Refusal { get; set; }

    public string? Settled { get; set; }

    public bool Approved { get; set; }
}
