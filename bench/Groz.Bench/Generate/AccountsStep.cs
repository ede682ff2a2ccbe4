using System.Globalization;
using System.Text;
using Bogus;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench.Generate;

/// <summary>
/// The platform's share of the residents as member accounts: 8–15 % per wijk (participation differs between
/// wijken), mostly residents and volunteers, a few professionals, entrepreneurs, students and informal carers,
/// 1–3 buurtassistenten per wijk and a handful of coordinators, researchers and administrators (with 2FA on, as
/// the app demands of them). Sign-ups spread over two years, more of them recently, as a platform grows.
/// Every account has the demo password (<see cref="DemoData.DemoPassword"/>), hashed once: hashing is
/// deliberately slow, and one hash per account would take longer than everything else together.
/// </summary>
public sealed class AccountsStep : IGeneratorStep
{
    public string Name => "accounts";

    public const double MinParticipation = 0.08, MaxParticipation = 0.15;

    /// <summary>Share of members holding each self-chosen role besides (or instead of) resident.</summary>
    private static readonly (GrozRole Role, double Share)[] SelfChosenShares =
    [
        (GrozRole.Volunteer, 0.18), (GrozRole.InformalCarer, 0.09), (GrozRole.Student, 0.04),
        (GrozRole.Professional, 0.03), (GrozRole.Entrepreneur, 0.025),
    ];

    /// <summary>How often members pick each theme; the three main themes of GROZ lead.</summary>
    private static readonly Dictionary<string, double> InterestShares = new()
    {
        ["leefstijl"] = 0.45, ["zorg-voor-elkaar"] = 0.40, ["vitaal-werken"] = 0.20, ["sociale-basis"] = 0.12,
        ["wijkportaal-data"] = 0.05, ["financiering"] = 0.04, ["ondernemen"] = 0.08,
    };

    /// <summary>Reserved example domains (RFC 2606): a benchmark database must never mail a real person.</summary>
    private static readonly string[] MailDomains = ["example.org", "example.net", "example.com"];

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var random = context.RandomFor(Name);
        var names = context.FakerFor(Name + ".names");
        var passwordHash = PasswordHash.Create(context.Services, DemoData.DemoPassword, random);
        var historyDays = (context.Options.AsOf - context.Start).TotalDays;

        var users = new List<GrozUser>();
        var roles = new List<RoleAssignment>();
        var byWijk = new Dictionary<int, List<(GrozUser User, List<GrozRole> Roles)>>();
        foreach (var w in context.Wijken)
        {
            var rate = MinParticipation + (MaxParticipation - MinParticipation) * random.NextDouble();
            var count = (int)Math.Round((w.Wijk.Residents ?? 0) * rate);
            var members = new List<(GrozUser, List<GrozRole>)>(count);
            for (var i = 0; i < count; i++)
            {
                var (first, last) = People.Next(names);
                var email = Email(first, last, users.Count, random);
                // More sign-ups lately: the density of sqrt(u) grows linearly over the two years.
                var createdAt = context.Start.AddDays(historyDays * Math.Sqrt(random.NextDouble())).AddSeconds(-random.Next(86_400));
                if (createdAt < context.Start)
                {
                    createdAt = context.Start;
                }
                var user = new GrozUser
                {
                    Id = GenerationContext.NextGuid(random),
                    UserName = email, NormalizedUserName = email.ToUpperInvariant(),
                    Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = random.NextDouble() < 0.96,
                    PasswordHash = passwordHash,
                    SecurityStamp = Base32(random), ConcurrencyStamp = GenerationContext.NextGuid(random),
                    LockoutEnabled = true,
                    DisplayName = $"{first} {last}",
                    LeerregioId = leerregio.Id, WijkId = w.Wijk.Id,
                    Interests = string.Join(',', InterestShares.Where(s => random.NextDouble() < s.Value).Select(s => s.Key)),
                    PreferredCulture = random.NextDouble() < 0.92 ? "nl" : "en",
                    CreatedAt = createdAt,
                };
                var own = SelfChosenShares.Where(s => random.NextDouble() < s.Share).Select(s => s.Role).ToList();
                // Most professionals and half the entrepreneurs work in the wijk but live elsewhere.
                var livesHere = !(own.Contains(GrozRole.Professional) && random.NextDouble() < 0.7)
                    && !(own.Contains(GrozRole.Entrepreneur) && random.NextDouble() < 0.5);
                if (livesHere || own.Count == 0)
                {
                    own.Insert(0, GrozRole.Resident);
                }
                foreach (var role in own)
                {
                    roles.Add(new RoleAssignment { UserId = user.Id, Role = role, LeerregioId = leerregio.Id, GrantedAt = createdAt });
                }
                users.Add(user);
                members.Add((user, own));
            }
            byWijk[w.Wijk.Id] = members;
        }

        // Privileged roles: picked from members, preferring professionals (coordinators) or volunteers (buurtassistenten).
        var privileged = new List<GrozUser>(); // a list, not a set: the order of the keys below must not depend on hashing
        void Grant(GrozUser user, GrozRole role, int? wijkId)
        {
            var grantedAt = user.CreatedAt.AddDays(random.Next(1, 60));
            roles.Add(new RoleAssignment
            {
                UserId = user.Id, Role = role, LeerregioId = leerregio.Id, WijkId = wijkId,
                GrantedAt = grantedAt < context.Options.AsOf ? grantedAt : context.Options.AsOf,
            });
            byWijk[user.WijkId!.Value].First(m => m.User == user).Roles.Add(role);
            if (!privileged.Contains(user))
            {
                privileged.Add(user);
            }
        }
        List<GrozUser> Pick(IEnumerable<(GrozUser User, List<GrozRole> Roles)> pool, GrozRole preferred, int count) =>
            [.. pool.Where(m => !privileged.Contains(m.User))
                .OrderByDescending(m => m.Roles.Contains(preferred)).ThenBy(_ => random.Next())
                .Take(count).Select(m => m.User)];

        foreach (var (wijkId, members) in byWijk)
        {
            foreach (var user in Pick(members, GrozRole.Volunteer, random.Next(1, 4)))
            {
                Grant(user, GrozRole.Buurtassistent, wijkId);
            }
        }
        var everyone = byWijk.Values.SelectMany(m => m).ToList();
        foreach (var (role, min, max) in new[] { (GrozRole.Coordinator, 2, 3), (GrozRole.Researcher, 2, 4), (GrozRole.Administrator, 1, 2) })
        {
            foreach (var user in Pick(everyone, GrozRole.Professional, random.Next(min, max + 1)))
            {
                Grant(user, role, null);
            }
        }
        // The app lets privileged roles work only with two-factor sign-in: give them an authenticator key, as enrolment would.
        var keys = new List<IdentityUserToken<string>>();
        foreach (var user in privileged)
        {
            user.TwoFactorEnabled = true;
            user.EmailConfirmed = true;
            keys.Add(new IdentityUserToken<string> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = Base32(random) });
        }

        context.Count("member accounts", await context.InsertAsync(users, ct));
        context.Count("role assignments", await context.InsertAsync(roles, ct));
        await context.InsertAsync(keys, ct);
        foreach (var group in roles.GroupBy(r => r.Role).OrderBy(g => g.Key))
        {
            context.Count($"  {group.Key}", group.Count());
        }
        context.Count("accounts with 2FA", keys.Count);
        context.Members.AddRange(byWijk.Values.SelectMany(m => m).Select(m =>
            new SyntheticMember(m.User.Id, m.User.DisplayName, m.User.WijkId!.Value, m.User.CreatedAt, m.Roles, m.User.EmailConfirmed)));
    }

    /// <summary>first.last plus a running number (unique without asking the database), in plain ASCII.</summary>
    private static string Email(string first, string last, int number, Random random)
    {
        var local = $"{Ascii(first)}.{Ascii(last)}{number.ToString(CultureInfo.InvariantCulture)}";
        return $"{local}@{MailDomains[random.Next(MailDomains.Length)]}";
    }

    private static string Ascii(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z')
            {
                sb.Append(c);
            }
            else if (c == 'ı')
            {
                sb.Append('i');
            }
        }
        return sb.Length > 0 ? sb.ToString() : "lid";
    }

    /// <summary>32 characters of base32, the shape of Identity's security stamps and authenticator keys.</summary>
    private static string Base32(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return string.Create(32, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(32)];
            }
        });
    }
}
