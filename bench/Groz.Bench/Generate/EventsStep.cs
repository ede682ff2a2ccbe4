using System.Security.Cryptography;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;

namespace Groz.Bench.Generate;

/// <summary>
/// Activiteiten's share: per 100,000 residents <see cref="RecurringPer100k"/> weekly groups and
/// <see cref="OneOffPer100k"/> one-off activities over the two years of history and the quarter after it, spread over
/// the wijken by residents, and <see cref="RegistrationsPer100k"/> registrations (the size) by the wijk's
/// members and by guests, with the occurrence counters that match them (<see cref="EventGenerator"/>).
/// </summary>
public sealed class EventsStep : IGeneratorStep
{
    public string Name => "events";

    public const int RecurringPer100k = 150;
    public const int OneOffPer100k = 1_500;
    public const int RegistrationsPer100k = 200_000;

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        int Scaled(int per100k) => Math.Max(1, (int)Math.Round(residents * (long)per100k / 100_000.0));
        var generator = new EventGenerator(context.RandomFor(Name), context.Options.AsOf);
        var wijken = context.Wijken.Select(w => new EventGenerator.WijkPeople(w.Wijk.Id, leerregio.Id, w.Wijk.Residents ?? 1,
            context.Members.Where(m => m.WijkId == w.Wijk.Id).Select(m => m.UserId).ToList())).ToList();
        var organiser = context.Members.FirstOrDefault(m => m.Roles.Contains(GrozRole.Coordinator))?.UserId ?? context.Members[0].UserId;
        var events = generator.Events(wijken, organiser, Scaled(RecurringPer100k), Scaled(OneOffPer100k), context.Start, context.Options.AsOf.AddMonths(3));
        context.Count("events", await context.InsertAsync(events, ct));
        var (occurrences, registrations) = generator.Registrations(events, wijken, Scaled(RegistrationsPer100k), context.Start, context.Options.AsOf.AddMonths(3));
        await InsertAsync(context, occurrences, registrations, ct);
        context.Count("event occurrences with registrations", occurrences.Count);
        context.Count("event registrations", registrations.Count);
    }

    /// <summary>The counters first (their ids), then the registrations that point at them.</summary>
    public static async Task InsertAsync(GenerationContext context, List<EventOccurrence> occurrences, List<(EventOccurrence Occurrence, EventRegistration Registration)> registrations, CancellationToken ct)
    {
        await context.InsertAsync(occurrences, ct);
        foreach (var (o, r) in registrations)
        {
            r.OccurrenceId = o.Id;
        }
        await context.InsertAsync(registrations.Select(x => x.Registration), ct);
    }
}

/// <summary>Reproducible activities and registrations from one random stream (<see cref="EventsStep"/> and the calendar benchmark's top-up).</summary>
public sealed class EventGenerator(Random random, DateTimeOffset asOf)
{
    public sealed record WijkPeople(int WijkId, int LeerregioId, int Residents, IReadOnlyList<string> Members);

    private static readonly string[] Themes = ["leefstijl", "leefstijl", "leefstijl", "zorg-voor-elkaar", "zorg-voor-elkaar", "vitaal-werken", "sociale-basis"];
    private static readonly string[] Days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    private static readonly string[] Kinds = ["Wandelgroep", "Samen koken", "Koffieochtend", "Stoelyoga", "Taalcafé", "Fietsles", "Moestuin", "Beweegtuin", "Repair café", "Buurtlunch"];

    private WijkPeople PickWijk(IReadOnlyList<WijkPeople> wijken)
    {
        var total = wijken.Sum(w => (long)w.Residents);
        var at = (long)(random.NextDouble() * total);
        foreach (var w in wijken)
        {
            if ((at -= w.Residents) < 0)
            {
                return w;
            }
        }
        return wijken[^1];
    }

    /// <summary>A start on the Dutch wall clock between 09:00 and 20:00 on a random day in [from, to).</summary>
    private DateTimeOffset Start(DateTimeOffset from, DateTimeOffset to)
    {
        var day = DateOnly.FromDateTime(Recurrence.Local(from)).AddDays(random.Next(Math.Max(1, (int)(to - from).TotalDays)));
        var local = day.ToDateTime(new TimeOnly(9 + random.Next(12), random.Next(4) * 15), DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Recurrence.DutchTime), TimeSpan.Zero);
    }

    public List<Event> Events(IReadOnlyList<WijkPeople> wijken, string organiserUserId, int recurring, int oneOff, DateTimeOffset from, DateTimeOffset to)
    {
        var list = new List<Event>(recurring + oneOff);
        for (var i = 0; i < recurring + oneOff; i++)
        {
            var weekly = i < recurring;
            var wijk = PickWijk(wijken);
            // Weekly groups start in the first year of the history and mostly run on; a quarter stop after a series.
            var start = weekly ? Start(from, from.AddDays(365)) : Start(from, to);
            var day = Days[(int)Recurrence.Local(start).DayOfWeek == 0 ? 6 : (int)Recurrence.Local(start).DayOfWeek - 1];
            var rule = weekly ? (random.Next(4) == 0 ? $"FREQ=WEEKLY;BYDAY={day};COUNT={6 + random.Next(20)}" : $"FREQ=WEEKLY;BYDAY={day}") : null;
            list.Add(Make(wijk, organiserUserId, start, rule, weekly ? 10 + random.Next(16) : 15 + random.Next(46), random.Next(5) != 0, i));
        }
        return list;
    }

    private Event Make(WijkPeople wijk, string organiserUserId, DateTimeOffset start, string? rule, int capacity, bool registration, int n)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var minutes = 60 + random.Next(4) * 30;
        var created = start.AddDays(-random.Next(7, 60));
        return new Event
        {
            LeerregioId = wijk.LeerregioId, WijkId = wijk.WijkId, Title = $"{kind} {n + 1}", Description = $"{kind} in de wijk: doe mee, iedereen is welkom.",
            Theme = Themes[random.Next(Themes.Length)], Address = $"Buurthuis {1 + random.Next(40)}", StartsAt = start, EndsAt = start.AddMinutes(minutes),
            RecurrenceRule = rule, Capacity = registration ? capacity : null, Cost = random.Next(4) == 0 ? 2.50m : 0, RegistrationRequired = registration,
            Status = random.Next(50) == 0 ? EventStatus.Cancelled : EventStatus.Published, CreatedByUserId = organiserUserId, CreatedAt = created, UpdatedAt = created,
        };
    }

    /// <summary>
    /// <paramref name="total"/> registrations over the occurrences in [from, to) of the events that take them, in
    /// proportion to their capacity: members of the wijk (each once per occurrence) and a fifth guests. Past dates:
    /// most present, some no-shows and cancellations; a full date gets a waitlist numbered 1..n. Counters match.
    /// </summary>
    public (List<EventOccurrence>, List<(EventOccurrence, EventRegistration)>) Registrations(IReadOnlyList<Event> events, IReadOnlyList<WijkPeople> wijken,
        int total, DateTimeOffset from, DateTimeOffset to)
    {
        var people = wijken.ToDictionary(w => w.WijkId);
        var slots = events.Where(e => e.RegistrationRequired && e.Status == EventStatus.Published)
            .SelectMany(e => Recurrence.Occurrences(e, from, to).Select(s => (Event: e, Start: s))).ToList();
        var capacity = slots.Sum(s => (long)s.Event.Capacity!.Value);
        var occurrences = new List<EventOccurrence>();
        var registrations = new List<(EventOccurrence, EventRegistration)>(total);
        var left = total;
        var guestNumber = 0;
        var hash = new byte[32];
        for (var i = 0; i < slots.Count && left > 0; i++)
        {
            var (e, start) = slots[i];
            var cap = e.Capacity!.Value;
            // Expected share of what is left, with spread: some dates are quiet, some are full with a waitlist.
            var share = (double)left * cap / Math.Max(1, capacity);
            capacity -= cap;
            var n = i == slots.Count - 1 ? left : Math.Min(left, (int)Math.Round(share * (0.4 + random.NextDouble() * 1.2)));
            if (n == 0)
            {
                continue;
            }
            var occurrence = new EventOccurrence { EventId = e.Id, StartsAt = start };
            occurrences.Add(occurrence);
            var members = people[e.WijkId].Members;
            var used = new HashSet<int>();
            var past = start < asOf;
            for (var k = 0; k < n; k++)
            {
                string? userId = null;
                if (random.Next(5) != 0 && used.Count < members.Count)
                {
                    int m;
                    do
                    {
                        m = random.Next(members.Count);
                    }
                    while (!used.Add(m));
                    userId = members[m];
                }
                var guest = userId is null ? ++guestNumber : 0;
                var created = start.AddDays(-1 - random.Next(20)).AddMinutes(random.Next(1440));
                random.NextBytes(hash);
                var r = new EventRegistration
                {
                    EventId = e.Id, OccurrenceStartsAt = start, UserId = userId, CreatedAt = created,
                    GuestName = userId is null ? $"Gast {guest}" : null, GuestEmail = userId is null && random.Next(4) != 0 ? $"gast{guest}@example.net" : null,
                    CancelTokenHash = Convert.ToHexStringLower(SHA256.HashData(hash)),
                };
                r.GuestPhone = userId is null && r.GuestEmail is null ? $"06{random.Next(10_000_000, 99_999_999)}" : null;
                var key = userId ?? (r.GuestEmail is { } mail ? "mail:" + mail : "tel:" + r.GuestPhone);
                if (random.Next(10) == 0)
                {
                    r.Status = RegistrationStatus.Cancelled;
                    r.CancelledAt = created.AddDays(1) < start ? created.AddDays(1) : start.AddHours(-1);
                }
                else if (occurrence.Taken < cap)
                {
                    occurrence.Taken++;
                    r.PersonKey = key;
                    r.Status = past && random.Next(5) != 0 ? RegistrationStatus.Attended : RegistrationStatus.Registered;
                    r.AttendedAt = r.Status == RegistrationStatus.Attended ? start.AddMinutes(random.Next(-10, 15)) : null;
                    r.ReminderSentAt = past ? start.AddHours(-18) : null;
                }
                else
                {
                    r.PersonKey = key;
                    r.Status = RegistrationStatus.Waitlisted;
                    r.WaitlistPosition = ++occurrence.WaitlistIssued;
                }
                registrations.Add((occurrence, r));
            }
            left -= n;
        }
        return (occurrences, registrations);
    }
}
