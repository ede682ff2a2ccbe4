using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Groz.Bench.Generate;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench;

/// <summary>
/// The Activiteiten benchmarks (bench/run-events.sh, docs/performance.md "Activiteiten") on a generated leerregio:
/// <para><b>events-calendar</b>: tops the largest wijk up to --occurrences dates in --month (weekly groups that began
/// the month before, expanded by the page, and one-off activities, from <see cref="EventGenerator"/>), checks with the
/// app's own query (<see cref="EventListing.UpcomingAsync"/>) that the month holds that many, and times
/// GET /activiteiten?wijk=…&amp;maand=… (the Razor page) one request at a time.</para>
/// <para><b>events-register</b>: a new activity with --capacity places a month ahead; an organiser's API client signs
/// up --rate guests per second for --seconds (open loop: a request starts every 1/rate s whether or not the earlier
/// ones have answered), then counts in the database: places taken ≤ capacity and equal to the counter, and the
/// waitlist numbered 1..n without gaps or doubles.</para>
/// </summary>
internal static partial class EventsBench
{
    public const string Usage = """
        Usage: events-calendar --url http://127.0.0.1:5083 --connection "..." [--slug synthetisch] [--month 2026-01] [--occurrences 2000] [--requests 300]
               events-register --url http://127.0.0.1:5083 --connection "..." [--slug synthetisch] [--capacity 100] [--rate 50] [--seconds 20]
        """;

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static async Task<int> RunAsync(string command, string[] args)
    {
        var url = Arg(args, "--url", "");
        var cs = Arg(args, "--connection", "");
        if (url.Length == 0 || cs.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        await using var target = await TargetDatabase.OpenAsync(DatabaseProvider.Postgres, cs);
        return command == "events-calendar" ? await CalendarAsync(target, url, cs, args) : await RegisterAsync(target, url, args);
    }

    private static async Task<int> CalendarAsync(TargetDatabase target, string url, string cs, string[] args)
    {
        var slug = Arg(args, "--slug", "synthetisch");
        var month = DateOnly.ParseExact(Arg(args, "--month", "2026-01") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var want = int.Parse(Arg(args, "--occurrences", "2000"), CultureInfo.InvariantCulture);
        var requests = int.Parse(Arg(args, "--requests", "300"), CultureInfo.InvariantCulture);
        var (from, to) = (EventReminders.StartOfDay(month), EventReminders.StartOfDay(month.AddMonths(1)));
        string wijkCode;
        int count;
        await using (var scope = target.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var leerregio = await db.Leerregios.SingleAsync(l => l.Slug == slug);
            var wijk = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).OrderByDescending(w => w.Residents).ThenBy(w => w.Id).FirstAsync();
            wijkCode = wijk.Code;
            count = (await EventListing.UpcomingAsync(db, from, to, null, wijk.Id)).Count;
            if (count < want)
            {
                var clock = Stopwatch.StartNew();
                if (!GeneratorOptions.TryParse(["--residents", "100000", "--provider", "postgres", "--connection", cs, "--slug", slug], out var options, out var error))
                {
                    throw new InvalidOperationException(error);
                }
                var context = new GenerationContext(options, target.Services);
                var organiser = await db.RoleAssignments.Where(r => r.LeerregioId == leerregio.Id && r.Role == GrozRole.Coordinator).OrderBy(r => r.UserId).Select(r => r.UserId).FirstAsync();
                var people = new EventGenerator.WijkPeople(wijk.Id, leerregio.Id, 1, []);
                var generator = new EventGenerator(context.RandomFor("events-calendar"), options.AsOf);
                // A tenth of the month's dates from weekly groups (about 4.4 each), the rest one-off activities.
                var weekly = generator.Events([people], organiser, (want - count) / 10 / 4, 0, from.AddDays(-28), from);
                await context.InsertAsync(weekly, CancellationToken.None);
                count = (await EventListing.UpcomingAsync(db, from, to, null, wijk.Id)).Count;
                var oneOff = generator.Events([people], organiser, 0, Math.Max(0, want - count), from, to);
                oneOff.ForEach(e => e.Status = EventStatus.Published);
                await context.InsertAsync(oneOff, CancellationToken.None);
                count = (await EventListing.UpcomingAsync(db, from, to, null, wijk.Id)).Count;
                Console.WriteLine($"topped up wijk {wijk.Name} with {weekly.Count} weekly and {oneOff.Count} one-off activities in {clock.Elapsed.TotalSeconds:0.0} s");
            }
            var events = await db.Events.CountAsync(e => e.LeerregioId == leerregio.Id);
            var registrations = await db.EventRegistrations.CountAsync(r => db.Events.Any(e => e.Id == r.EventId && e.LeerregioId == leerregio.Id));
            Console.WriteLine($"wijk {wijk.Name} ({wijk.Code}) {month:yyyy-MM}: {count} dates; leerregio {events} events, {registrations} registrations");
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        // As the reverse proxy would: TLS ends there, and the app (which trusts loopback proxies) sees https.
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var path = $"/activiteiten?wijk={wijkCode}&maand={month:yyyy-MM}";
        var items = 0;
        var bytes = 0;
        for (var i = 0; i < 20; i++)
        {
            var html = await http.GetStringAsync(path);
            items = ItemRegex().Count(html);
            bytes = html.Length;
        }
        Console.WriteLine($"page {path}: {items} dates listed, {bytes / 1024} KiB");
        var ms = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            response.EnsureSuccessStatusCode();
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        Report("calendar-page", ms, null);
        return items >= want ? 0 : 1;
    }

    private static async Task<int> RegisterAsync(TargetDatabase target, string url, string[] args)
    {
        var slug = Arg(args, "--slug", "synthetisch");
        var capacity = int.Parse(Arg(args, "--capacity", "100"), CultureInfo.InvariantCulture);
        var rate = int.Parse(Arg(args, "--rate", "50"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        int eventId;
        string token;
        await using (var scope = target.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var leerregio = await db.Leerregios.SingleAsync(l => l.Slug == slug);
            var wijk = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).OrderByDescending(w => w.Residents).ThenBy(w => w.Id).FirstAsync();
            var organiser = await db.RoleAssignments.Where(r => r.LeerregioId == leerregio.Id && r.Role == GrozRole.Coordinator).OrderBy(r => r.UserId).Select(r => r.UserId).FirstAsync();
            await db.Users.Where(u => u.Id == organiser).ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnabled, true));
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(organiser, "events-bench", ["read", "write"], 1)).Secret;
            var now = TimeProvider.System.GetUtcNow(); // the app serves on the real clock: the activity must be ahead of it
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, 9, 0, 0, TimeSpan.Zero).AddDays(30);
            var e = new Event
            {
                LeerregioId = leerregio.Id, WijkId = wijk.Id, Title = "Populaire proefles", Description = "Iedereen wil erbij zijn.", Theme = "leefstijl",
                Address = "Sporthal", StartsAt = start, EndsAt = start.AddHours(1), Capacity = capacity, RegistrationRequired = true,
                Status = EventStatus.Published, CreatedByUserId = organiser, CreatedAt = now, UpdatedAt = now,
            };
            db.Events.Add(e);
            await db.SaveChangesAsync();
            eventId = e.Id;
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        // Warm-up on another activity would need another event; one read of this one warms JIT and the pool instead.
        (await http.GetAsync($"/api/v1/events/{eventId}")).EnsureSuccessStatusCode();
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var total = rate * seconds;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                var sw = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/registrations")
                {
                    Content = JsonContent.Create(new { asGuest = true, name = $"Bezoeker {n}", email = $"bezoeker{n}@example.net" }),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(sw.Elapsed.TotalMilliseconds);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            }));
        }
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        Report($"register-{rate}-per-s", [.. latencies], total / elapsed);
        Console.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}")));

        await using (var scope = target.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var rows = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId).Select(r => new { r.Status, r.WaitlistPosition }).ToListAsync();
            var taken = await db.EventOccurrences.Where(o => o.EventId == eventId).SumAsync(o => o.Taken);
            var placed = rows.Count(r => r.Status is RegistrationStatus.Registered or RegistrationStatus.Attended);
            var positions = rows.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistPosition ?? 0).Order().ToList();
            var gapless = positions.SequenceEqual(Enumerable.Range(1, positions.Count));
            var ok = placed <= capacity && placed == taken && gapless && rows.Count == statuses.Where(s => (int)s.Key is 200 or 201).Sum(s => s.Value);
            Console.WriteLine($"check: {rows.Count} registrations, {placed} with a place (capacity {capacity}, counter {taken}), waitlist {positions.Count} numbered "
                + $"{(positions.Count == 0 ? "-" : $"{positions[0]}..{positions[^1]}")} {(gapless ? "without gaps" : "WITH GAPS")}: {(ok ? "OK" : "FAILED")}");
            return ok ? 0 : 1;
        }
    }

    private static void Report(string what, List<double> ms, double? perSecond)
    {
        ms.Sort();
        double P(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Count) - 1, 0, ms.Count - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}\tn={ms.Count}\tp50={P(0.50):0.0}\tp95={P(0.95):0.0}\tp99={P(0.99):0.0}\tmax={ms[^1]:0.0}{(perSecond is { } r ? $"\trps={r:0.0}" : "")}"));
    }

    [GeneratedRegex("<li>\\s*<a href=\"/activiteiten/\\d+\\?op=")]
    private static partial Regex ItemRegex();
}
