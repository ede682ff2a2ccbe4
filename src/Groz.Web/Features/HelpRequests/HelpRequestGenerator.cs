namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Makes believable Hulpvragen history for the synthetic leerregio (bench/Groz.Bench, HelpRequestsStep) and the
/// queue benchmark: requests spread over the wijken by their residents, over the categories and urgencies as a
/// buurtassistent sees them, asked over two years; the closed ones went the whole road through the status machine
/// (<see cref="HelpFlow"/>) with their status history, the open ones are recent and stand at every step of it.
/// About one in fifty is a vitaal-werken question. Requests closed longer ago than the retention period are already
/// pseudonymised, as the daily job would have left them. Deterministic for a seed.
/// </summary>
public sealed class HelpRequestGenerator(Random random, DateTimeOffset asOf)
{
    /// <summary>A wijk with the people a request needs: residents who ask, volunteers who help, its buurtassistenten.</summary>
    public sealed record WijkPeople(int Id, int LeerregioId, int Weight, IReadOnlyList<(string UserId, string Name)> Residents,
        IReadOnlyList<string> Volunteers, IReadOnlyList<string> Assistants);

    /// <summary>A request with the rows that hang from it; they get its id once it is saved.</summary>
    public sealed record Generated(HelpRequest Request, List<HelpStatusChange> Changes, List<HelpConsent> Consents, VitalWorkDetails? Vital);

    public int RetentionDays { get; init; } = 365;
    /// <summary>How far back history goes.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromDays(730);
    /// <summary>Open requests were asked within this window before <c>asOf</c>.</summary>
    public TimeSpan OpenWindow { get; init; } = TimeSpan.FromDays(90);

    private static readonly (HelpCategory Category, int Weight)[] Categories =
    [
        (HelpCategory.Groceries, 15), (HelpCategory.Transport, 16), (HelpCategory.OddJobs, 15), (HelpCategory.Company, 14),
        (HelpCategory.DigitalHelp, 15), (HelpCategory.Paperwork, 12), (HelpCategory.Exercise, 8), (HelpCategory.Other, 5),
    ];

    private static readonly (HelpUrgency Urgency, int Weight)[] Urgencies = [(HelpUrgency.Low, 25), (HelpUrgency.Normal, 60), (HelpUrgency.High, 15)];

    private static readonly (HelpOutcome Outcome, int Weight)[] Outcomes =
    [
        (HelpOutcome.Helped, 55), (HelpOutcome.PartlyHelped, 8), (HelpOutcome.NotHelped, 4), (HelpOutcome.ReferredToService, 15),
        (HelpOutcome.NoLongerNeeded, 6), (HelpOutcome.NoVolunteerFound, 5), (HelpOutcome.Withdrawn, 7),
    ];

    private static readonly (HelpStatus Status, int Weight)[] OpenStatuses =
    [
        (HelpStatus.New, 22), (HelpStatus.Triaged, 15), (HelpStatus.Asked, 15), (HelpStatus.Matched, 10), (HelpStatus.InProgress, 15),
        (HelpStatus.Done, 10), (HelpStatus.Referred, 8), (HelpStatus.FollowedUp, 5),
    ];

    private static readonly Dictionary<HelpCategory, string[]> Descriptions = new()
    {
        [HelpCategory.Groceries] = ["Ik kan niet meer zelf naar de supermarkt. Wie doet één keer per week boodschappen voor mij?", "Na mijn operatie kan ik twee weken niet tillen. Hulp met boodschappen graag."],
        [HelpCategory.Transport] = ["Ik moet naar het ziekenhuis voor een controle en heb geen vervoer.", "Wie kan mij naar de huisarts brengen? Ik loop slecht."],
        [HelpCategory.OddJobs] = ["Mijn lamp in de gang is kapot en ik kan niet op een trap staan.", "De tuin is te veel werk geworden. Wie helpt met snoeien?"],
        [HelpCategory.Company] = ["Ik ben veel alleen sinds mijn man overleed. Ik zou graag iemand spreken voor een kopje koffie.", "Wie wil met mij een stukje wandelen en praten?"],
        [HelpCategory.DigitalHelp] = ["Ik snap mijn nieuwe telefoon niet. Wie legt uit hoe ik kan videobellen?", "Ik moet inloggen met DigiD en dat lukt niet."],
        [HelpCategory.Paperwork] = ["Ik krijg brieven van de belasting die ik niet begrijp.", "Hulp bij het invullen van een formulier voor de huurtoeslag."],
        [HelpCategory.Exercise] = ["Ik wil meer bewegen maar durf niet alleen naar de sportschool.", "Wie fietst met mij mee, zodat ik weer durf?"],
        [HelpCategory.Other] = ["Mijn kat moet naar de dierenarts en ik kan hem niet dragen.", "Ik zoek iemand die mij helpt met verhuisdozen inpakken."],
    };

    private static readonly string[] VitalWishes =
    [
        "Wij willen dat onze medewerkers meer bewegen tijdens het werk: een wandelprogramma of korte oefeningen.",
        "Veel van ons personeel zit de hele dag. Wij zoeken een programma voor gezonde werkplekken en pauzes.",
        "Wij willen iets doen aan werkstress: een training over ontspanning en goed slapen.",
        "Een gezonde lunch en advies over voeding voor ons team.",
    ];

    private static readonly string[] Companies = ["Bakkerij", "Installatiebedrijf", "Kinderopvang", "Logistiek", "Adviesbureau", "Zorgwinkel", "Drukkerij", "Garage"];

    /// <summary>
    /// <paramref name="total"/> requests of which <paramref name="open"/> are still open, over <paramref name="wijken"/> by weight.
    /// Rows come in the order they were asked, so ids grow with time as in a real installation.
    /// </summary>
    public List<Generated> Generate(IReadOnlyList<WijkPeople> wijken, int total, int open)
    {
        var totalWeight = wijken.Sum(w => Math.Max(1, w.Weight));
        var list = new List<Generated>(total);
        for (var i = 0; i < total; i++)
        {
            var isOpen = i < open;
            var pick = random.Next(totalWeight);
            var wijk = wijken[^1];
            foreach (var w in wijken)
            {
                pick -= Math.Max(1, w.Weight);
                if (pick < 0)
                {
                    wijk = w;
                    break;
                }
            }
            var created = isOpen
                ? asOf - TimeSpan.FromMinutes(random.NextDouble() * OpenWindow.TotalMinutes)
                : asOf - OpenWindow / 3 - TimeSpan.FromMinutes(random.NextDouble() * (History - OpenWindow / 3).TotalMinutes);
            list.Add(One(wijk, TruncateToSecond(created), isOpen));
        }
        return list.OrderBy(g => g.Request.CreatedAt).ToList();
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private T Weighted<T>((T Value, int Weight)[] options)
    {
        var pick = random.Next(options.Sum(o => o.Weight));
        foreach (var (value, weight) in options)
        {
            pick -= weight;
            if (pick < 0)
            {
                return value;
            }
        }
        return options[^1].Value;
    }

    /// <summary>Minutes until a step, around a typical value: most fast, a long tail of slow ones.</summary>
    private int Delay(int typical) => Math.Max(1, (int)(typical * Math.Exp(random.NextDouble() * 2.2 - 1.1) * (random.Next(10) == 0 ? 3 : 1)));

    private Generated One(WijkPeople wijk, DateTimeOffset created, bool isOpen)
    {
        var vital = random.Next(50) == 0;
        var category = vital ? HelpCategory.Other : Weighted(Categories);
        var urgency = vital ? HelpUrgency.Normal : Weighted(Urgencies);
        var target = HelpTarget.Defaults.First(d => d.Urgency == urgency);
        (string? UserId, string Name) resident = wijk.Residents.Count > 0 ? wijk.Residents[random.Next(wijk.Residents.Count)] : (null, "Bewoner");
        var assistant = wijk.Assistants.Count > 0 ? wijk.Assistants[random.Next(wijk.Assistants.Count)] : null;
        var volunteer = wijk.Volunteers.Count > 0 ? wijk.Volunteers[random.Next(wijk.Volunteers.Count)] : null;
        var onBehalf = !vital && assistant is not null && random.Next(5) == 0;
        var r = new HelpRequest
        {
            LeerregioId = wijk.LeerregioId, WijkId = wijk.Id, Kind = vital ? HelpRequestKind.VitalWork : HelpRequestKind.Personal,
            Category = category, Urgency = urgency,
            Description = vital ? VitalWishes[random.Next(VitalWishes.Length)] : Descriptions[category][random.Next(Descriptions[category].Length)],
            HealthDetails = !vital && random.Next(6) == 0 ? "Ik loop met een rollator." : null,
            ContactPreference = onBehalf ? ContactPreference.Phone : (ContactPreference)random.Next(3),
            ResidentUserId = onBehalf ? null : resident.UserId, ContactName = resident.Name,
            ContactPhone = "06 " + random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            EnteredByUserId = onBehalf ? assistant : resident.UserId, EnteredOnBehalf = onBehalf,
            CreatedAt = created, UpdatedAt = created,
            FirstResponseDueAt = created.AddMinutes(target.FirstResponse), MatchDueAt = created.AddMinutes(target.Match),
        };
        var changes = new List<HelpStatusChange>();
        var at = created;
        var status = HelpStatus.New;
        void Step(HelpStatus to, int typicalMinutes, string? by)
        {
            at = at.AddMinutes(Delay(typicalMinutes));
            changes.Add(new HelpStatusChange { LeerregioId = wijk.LeerregioId, From = status, To = to, At = at, ByUserId = by });
            status = to;
        }
        changes.Add(new HelpStatusChange { LeerregioId = wijk.LeerregioId, From = null, To = HelpStatus.New, At = created, ByUserId = r.EnteredByUserId });

        // Where this request's road ends: an open status, or an outcome.
        HelpStatus? stopAt = isOpen ? Weighted(OpenStatuses) : null;
        var outcome = isOpen ? (HelpOutcome?)null : vital ? (random.Next(4) == 0 ? HelpOutcome.NoLongerNeeded : HelpOutcome.ReferredToService) : Weighted(Outcomes);
        if (vital && stopAt is HelpStatus.Asked or HelpStatus.Matched or HelpStatus.InProgress or HelpStatus.Done)
        {
            stopAt = HelpStatus.Referred;
        }
        bool Reached(HelpStatus s) => stopAt != s;
        if (outcome == HelpOutcome.Withdrawn)
        {
            Step(HelpStatus.Withdrawn, target.FirstResponse / 2, r.ResidentUserId);
        }
        else if (Reached(HelpStatus.New))
        {
            Step(HelpStatus.Triaged, target.FirstResponse * 2 / 3, assistant);
            r.FirstResponseAt = at;
            r.AssistantUserId = assistant;
            var referred = outcome == HelpOutcome.ReferredToService || stopAt == HelpStatus.Referred || (stopAt == HelpStatus.FollowedUp && vital);
            if (referred)
            {
                if (Reached(HelpStatus.Triaged))
                {
                    Step(HelpStatus.Referred, target.Match / 3, assistant);
                    if (stopAt == HelpStatus.FollowedUp)
                    {
                        Step(HelpStatus.FollowedUp, 7 * 24 * 60, r.ResidentUserId);
                        r.FollowedUpAt = at;
                        r.FollowUpAnswer = FollowUpAnswer.Yes;
                    }
                }
            }
            else if (outcome is HelpOutcome.NoLongerNeeded or HelpOutcome.NoVolunteerFound)
            {
                if (outcome == HelpOutcome.NoVolunteerFound)
                {
                    Step(HelpStatus.Asked, target.Match / 4, assistant);
                    Step(HelpStatus.Triaged, target.Match, volunteer);
                }
            }
            else if (Reached(HelpStatus.Triaged))
            {
                Step(HelpStatus.Asked, target.Match / 4, assistant);
                if (Reached(HelpStatus.Asked))
                {
                    Step(HelpStatus.Matched, target.Match / 3, volunteer);
                    r.MatchedAt = at;
                    r.MatchedVolunteerUserId = volunteer;
                    if (Reached(HelpStatus.Matched))
                    {
                        Step(HelpStatus.InProgress, 24 * 60, volunteer);
                        if (Reached(HelpStatus.InProgress))
                        {
                            Step(HelpStatus.Done, 2 * 24 * 60, volunteer);
                            r.DoneAt = at;
                            r.HelpedMinutes = 30 * random.Next(1, 7);
                            if (Reached(HelpStatus.Done))
                            {
                                Step(HelpStatus.FollowedUp, 3 * 24 * 60, r.ResidentUserId);
                                r.FollowedUpAt = at;
                                r.FollowUpAnswer = outcome switch { HelpOutcome.PartlyHelped => FollowUpAnswer.Partly, HelpOutcome.NotHelped => FollowUpAnswer.No, _ => FollowUpAnswer.Yes };
                            }
                        }
                    }
                }
            }
            if (outcome is not null)
            {
                Step(HelpStatus.Closed, 2 * 24 * 60, assistant);
            }
        }
        r.Status = status;
        r.Outcome = outcome;
        r.UpdatedAt = at;
        if (status is HelpStatus.Closed or HelpStatus.Withdrawn)
        {
            r.ClosedAt = at;
        }
        // The future is not history: a step drawn after asOf happens "now" at the latest.
        if (at > asOf)
        {
            var shift = at - asOf;
            r.CreatedAt -= shift;
            r.UpdatedAt -= shift;
            r.FirstResponseAt -= shift;
            r.MatchedAt -= shift;
            r.DoneAt -= shift;
            r.FollowedUpAt -= shift;
            r.ClosedAt -= shift;
            r.FirstResponseDueAt -= shift;
            r.MatchDueAt -= shift;
            foreach (var c in changes)
            {
                c.At -= shift;
            }
        }
        var consents = new List<HelpConsent>();
        if (onBehalf || vital)
        {
            consents.Add(new HelpConsent { LeerregioId = wijk.LeerregioId, Kind = HelpConsentKind.Processing, TextVersion = HelpRequests.ConsentTextVersion, GivenAt = r.CreatedAt, GivenByUserId = r.EnteredByUserId });
        }
        if (r.HealthDetails is not null)
        {
            consents.Add(new HelpConsent { LeerregioId = wijk.LeerregioId, Kind = HelpConsentKind.ShareHealthDetails, TextVersion = HelpRequests.ConsentTextVersion, GivenAt = r.CreatedAt, GivenByUserId = r.EnteredByUserId });
        }
        var details = vital
            ? new VitalWorkDetails
            {
                LeerregioId = wijk.LeerregioId, CompanyName = $"{Companies[random.Next(Companies.Length)]} {resident.Name.Split(' ')[^1]}",
                KvkNumber = random.Next(2) == 0 ? random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                StaffCount = random.Next(3, 250),
            }
            : null;
        if (r.ClosedAt is { } closed && closed < asOf.AddDays(-RetentionDays))
        {
            Pseudonymise(r, changes, consents, details, asOf);
        }
        return new Generated(r, changes, consents, details);
    }

    /// <summary>The same clearing as <see cref="HelpRetention"/>, for history that is older than the retention period.</summary>
    private static void Pseudonymise(HelpRequest r, List<HelpStatusChange> changes, List<HelpConsent> consents, VitalWorkDetails? details, DateTimeOffset at)
    {
        r.ContactName = HelpPseudonymisation.Placeholder;
        r.Description = HelpPseudonymisation.Placeholder;
        r.ContactPhone = r.ContactEmail = r.HealthDetails = r.FollowUpComment = null;
        r.ResidentUserId = r.EnteredByUserId = r.AssistantUserId = r.MatchedVolunteerUserId = null;
        r.PseudonymisedAt = at;
        changes.ForEach(c => c.ByUserId = null);
        consents.ForEach(c => c.GivenByUserId = null);
        if (details is not null)
        {
            details.CompanyName = HelpPseudonymisation.Placeholder;
            details.KvkNumber = null;
        }
    }
}
