using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench.Generate;

/// <summary>
/// The Tijdbank's share: the bank with its pool and conversion account, an account for every member, a buurthuis
/// (organisation) per wijk, and two years of transfers. Members differ in how much they take part (half never do,
/// a fifth a few times a month); exchanges are mostly within the own wijk, some members donate to the pool, and
/// coordinators grant from it to members who ran low. The history is simulated in time order with the limits of
/// the bank, so every row is one the app itself could have written: a transfer that would have pushed an account
/// past a limit is left out, as RecordTransfer would have refused it. Entries are inserted in time order (their
/// ids grow with time, which the statement's running balance relies on) and never changed; the balances are
/// written once at the end as the sums of the entries.
/// The buurthuis of the first wijk is the benchmark's statement account: exactly
/// <see cref="StatementTransfers"/> transfers, about fourteen a day.
/// Conversions into euros (a rate of € 10 an hour, a gemeente budget per year, caps of € 200 a month and € 2,000 a
/// year): members with hours to spare convert some of them, drawn from a random stream of their own so that the other
/// draws stay as they were. Each month's payouts are approved and paid in one SEPA batch (the file is made and kept,
/// encrypted, as the app does); the last month's wait for a decision or for the export. IBANs are protected with the
/// app's key ring, so the app can read them.
/// </summary>
public sealed class TimeBankStep : IGeneratorStep
{
    public string Name => "timebank";

    public const int StatementTransfers = 10_000;
    public const string OrganisationPrefix = "Buurthuis ";

    /// <summary>Transfers a member starts per month, by how active they are; most people seldom or never take part.</summary>
    private static readonly (double Share, double PerMonth)[] Activity = [(0.50, 0), (0.30, 0.6), (0.20, 3.5)];

    private static readonly string[] Exchanges =
    [
        "Boodschappen gedaan", "Hulp met de computer", "Gras gemaaid", "Mee naar het ziekenhuis", "Soep gekookt",
        "Fiets gerepareerd", "Taalles gegeven", "Formulieren ingevuld", "Hond uitgelaten", "Kast in elkaar gezet",
        "Op de kinderen gepast", "Koffie en een praatje", "Tuin gewied", "Muur geschilderd", "Verhuisdozen gedragen",
        "Lamp opgehangen", "Naar de huisarts gereden", "Brief voorgelezen", "Kapotte kraan gemaakt", "Huiswerkhulp",
    ];
    private static readonly string[] AtTheBuurthuis =
    [
        "Bardienst buurthuis", "Koffieochtend buurthuis", "Zaal gebruikt voor verjaardag", "Computerspreekuur buurthuis",
        "Maaltijd buurthuis", "Klussen in het buurthuis", "Taalcafé buurthuis", "Schoonmaak buurthuis",
    ];

    private sealed class Account(TimeAccount row, SyntheticMember? owner)
    {
        public TimeAccount Row { get; } = row;
        public SyntheticMember? Owner { get; } = owner;
        public int Balance { get; set; }
        public double PerMonth { get; set; }

        public bool CanPay(int minutes) => Row.MinMinutes is not { } min || Balance - minutes >= min;
        public bool CanReceive(int minutes) => Row.MaxMinutes is not { } max || Balance + minutes <= max;
    }

    private enum Plan { Exchange, Donation, Grant, Statement, Purchase, Conversion }

    /// <summary>Items of vraag en aanbod per member over the two years; purchases per active member per month.</summary>
    private const double OffersPerMember = 0.12;
    private const double PurchasesPerMonth = 0.15;

    private static readonly (string Title, string Theme)[] OfferTitles =
    [
        ("Hulp met de computer", "zorg-voor-elkaar"), ("Samen wandelen", "leefstijl"), ("Boodschappen doen", "zorg-voor-elkaar"),
        ("Huiswerkhulp", "sociale-basis"), ("Klussen in huis", "vitaal-werken"), ("Samen koken", "leefstijl"),
        ("Tuin bijhouden", "vitaal-werken"), ("Taalmaatje", "sociale-basis"), ("Vervoer naar de huisarts", "zorg-voor-elkaar"),
        ("Fiets repareren", "ondernemen"),
    ];
    private static readonly (string Title, string Theme, int Minutes)[] ProductTitles =
    [
        ("Knipbeurt", "ondernemen", 30), ("Fiets nakijken", "ondernemen", 45), ("Groentetas", "leefstijl", 60),
        ("Lunch in de lunchroom", "ondernemen", 30), ("Sportles", "leefstijl", 60), ("Naaiwerk", "ondernemen", 45),
    ];

    private sealed record Shop(Product Product, Account Seller);

    public const int ConversionsPerMonth = 20;
    public const decimal Rate = 10.00m;
    public const decimal CapPerMonth = 200m;
    public const decimal CapPerYear = 2000m;
    public const decimal BudgetPerYear = 5000m;

    private readonly record struct Planned(DateTimeOffset At, long Order, Plan Kind, Account? Initiator);

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var random = context.RandomFor(Name);
        var start = context.Start;
        var end = context.Options.AsOf;

        var settings = new TimeBankSettings { LeerregioId = leerregio.Id };
        var pool = new TimeAccount { LeerregioId = leerregio.Id, Kind = TimeAccountKind.Pool, Name = Banks.PoolName, MinMinutes = 0, CreatedAt = start };
        var conversion = new TimeAccount { LeerregioId = leerregio.Id, Kind = TimeAccountKind.Conversion, Name = Banks.ConversionName, MinMinutes = 0, CreatedAt = start };
        await context.WriteAsync(db =>
        {
            db.TimeBanks.Add(settings);
            db.TimeAccounts.AddRange(pool, conversion);
            return Task.CompletedTask;
        }, ct);

        // Every member gets an account, as the app opens one on first use; only confirmed members ever transfer.
        var members = context.Members.Select(m => new Account(new TimeAccount
        {
            LeerregioId = leerregio.Id, Kind = TimeAccountKind.Member, UserId = m.UserId, Name = m.DisplayName,
            MinMinutes = settings.MemberMinMinutes, MaxMinutes = settings.MemberMaxMinutes, CreatedAt = m.CreatedAt,
        }, m)).ToList();
        foreach (var a in members)
        {
            var roll = random.NextDouble();
            a.PerMonth = roll < Activity[0].Share ? Activity[0].PerMonth : roll < Activity[0].Share + Activity[1].Share ? Activity[1].PerMonth : Activity[2].PerMonth;
        }
        // A buurthuis per wijk, its contact an early member who signs in with a password (the benchmark uses that one).
        var buurthuizen = new Dictionary<int, Account>();
        foreach (var w in context.Wijken)
        {
            var contact = members.Where(a => a.Owner!.WijkId == w.Wijk.Id && a.Owner.PasswordOnly).OrderBy(a => a.Owner!.CreatedAt).Take(20)
                .OrderBy(_ => random.Next()).First().Owner!;
            buurthuizen[w.Wijk.Id] = new Account(new TimeAccount
            {
                LeerregioId = leerregio.Id, Kind = TimeAccountKind.Organisation, UserId = contact.UserId, Name = OrganisationPrefix + w.Wijk.Name,
                MinMinutes = settings.OrganisationMinMinutes, MaxMinutes = settings.OrganisationMaxMinutes, CreatedAt = contact.CreatedAt,
            }, contact) { PerMonth = 0 };
        }
        var accountCount = await context.InsertAsync(members.Select(a => a.Row), ct) + await context.InsertAsync(buurthuizen.Values.Select(a => a.Row), ct) + 2;
        context.Count("timebank accounts", accountCount);

        var market = context.RandomFor("timebank-market");
        var shops = await MarketAsync(context, market, leerregio.Id, members, start, end, ct);
        var purchases = new List<(Transfer Transfer, Purchase Purchase)>();

        var poolAccount = new Account(pool, null);
        var statement = buurthuizen[context.Wijken[0].Wijk.Id];
        var active = members.Where(a => a.Owner!.EmailConfirmed && a.PerMonth > 0).ToList();
        var byWijk = members.Where(a => a.Owner!.EmailConfirmed).GroupBy(a => a.Owner!.WijkId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Owner!.CreatedAt).ToList());
        var allConfirmed = byWijk.Values.SelectMany(x => x).OrderBy(a => a.Owner!.CreatedAt).ToList();
        var coordinators = context.Members.Where(m => m.Roles.Contains(GrozRole.Coordinator)).Select(m => m.UserId).ToList();
        if (coordinators.Count == 0)
        {
            throw new InvalidOperationException("The accounts step makes coordinators; grants need one.");
        }

        // The statement account's transfers: evenly spread from the day its contact joined.
        var statementFrom = statement.Row.CreatedAt.AddDays(1);
        var statementTimes = Enumerable.Range(0, StatementTransfers)
            .Select(_ => statementFrom + TimeSpan.FromSeconds((end - statementFrom).TotalSeconds * random.NextDouble())).Order().ToList();
        var nextStatement = 0;

        var conversionAccount = new Account(conversion, null);
        var conversions = new ConversionHistory(context, leerregio.Id, coordinators, conversionAccount, context.RandomFor(Name + ".conversions"));
        await conversions.StartAsync(start, ct);

        var kinds = new Dictionary<TransferKind, int>();
        var (refused, transferCount, entryCount) = (0, 0, 0);
        long order = 0;
        for (var month = start; month < end; month = month.AddMonths(1))
        {
            var monthEnd = month.AddMonths(1) < end ? month.AddMonths(1) : end;
            var planned = new List<Planned>();
            foreach (var a in active)
            {
                var from = a.Owner!.CreatedAt > month ? a.Owner.CreatedAt : month;
                if (from >= monthEnd)
                {
                    continue;
                }
                var n = Poisson(random, a.PerMonth * (monthEnd - from).TotalDays / 30.4);
                for (var i = 0; i < n; i++)
                {
                    planned.Add(new Planned(DayTime(random, from, monthEnd), order++, random.NextDouble() < 0.9 ? Plan.Exchange : Plan.Donation, a));
                }
                // Purchases from their own stream, so that the exchanges and donations above stay as they were planned.
                var buys = shops.Count == 0 ? 0 : Poisson(market, PurchasesPerMonth * (monthEnd - from).TotalDays / 30.4);
                for (var i = 0; i < buys; i++)
                {
                    planned.Add(new Planned(DayTime(market, from, monthEnd), order++, Plan.Purchase, a));
                }
            }
            // Coordinators grant from the pool a few times a month, more in a larger leerregio.
            var grants = 1 + active.Count / 150;
            for (var i = 0; i < grants; i++)
            {
                planned.Add(new Planned(DayTime(random, month, monthEnd), order++, Plan.Grant, null));
            }
            for (var i = 0; i < ConversionsPerMonth; i++)
            {
                planned.Add(new Planned(DayTime(conversions.Random, month, monthEnd), order++, Plan.Conversion, null));
            }
            while (nextStatement < statementTimes.Count && statementTimes[nextStatement] < monthEnd)
            {
                planned.Add(new Planned(statementTimes[nextStatement++], order++, Plan.Statement, statement));
            }
            planned.Sort((x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Order.CompareTo(y.Order));

            var transfers = new List<Transfer>(planned.Count);
            foreach (var p in planned)
            {
                var made = p.Kind switch
                {
                    Plan.Exchange => Exchange(random, p, byWijk, allConfirmed, buurthuizen, statement),
                    Plan.Donation => Donation(random, p, byWijk, poolAccount),
                    Plan.Grant => Grant(random, p, allConfirmed, poolAccount, coordinators),
                    Plan.Purchase => Buy(market, p, shops, purchases),
                    Plan.Conversion => conversions.Convert(p.At, active),
                    _ => StatementTransfer(random, p, byWijk[statement.Owner!.WijkId]),
                };
                if (made is null)
                {
                    refused++;
                    continue;
                }
                transfers.Add(made);
                kinds[made.Kind] = kinds.GetValueOrDefault(made.Kind) + 1;
            }
            transferCount += await context.InsertAsync(transfers, ct);
            entryCount += transfers.Sum(t => t.Entries.Count);
            // The purchases' keys are their transfers' ids, known now.
            foreach (var (t, purchase) in purchases)
            {
                purchase.TransferId = t.Id;
            }
            await context.InsertAsync(purchases.Select(x => x.Purchase), ct);
            purchases.Clear();
            await conversions.RecordMonthAsync(monthEnd >= end, monthEnd, ct);
        }
        await conversions.FinishAsync(ct);
        if (nextStatement != StatementTransfers)
        {
            throw new InvalidOperationException("Every statement transfer is planned before the end of the history.");
        }

        // The balances, written once: each the sum of the account's entries (the simulation added them in the same order).
        var changed = members.Append(poolAccount).Append(conversionAccount).Concat(buurthuizen.Values).Where(a => a.Balance != 0).ToList();
        foreach (var batch in changed.Chunk(GenerationContext.BatchSize))
        {
            await using var scope = context.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Groz.Web.Data.GrozDbContext>();
            foreach (var a in batch)
            {
                db.TimeAccounts.Attach(a.Row);
                a.Row.BalanceMinutes = a.Balance;
            }
            await db.SaveChangesAsync(ct);
        }

        context.StatementAccountId = statement.Row.Id;
        context.StatementAccountUserId = statement.Owner!.UserId;
        context.Count("timebank transfers", transferCount);
        foreach (var (kind, count) in kinds.OrderBy(k => k.Key))
        {
            context.Count($"  {kind}", count);
        }
        context.Count("timebank entries", entryCount);
        context.Count("  left out (over a limit)", refused);
        context.Count("conversions into euros", conversions.Requests);
        context.Count("  paid in SEPA batches", conversions.Paid);
        context.Count("  SEPA batches", conversions.Batches);
        context.Count($"  statement account ({statement.Row.Name})", StatementTransfers);
    }

    /// <summary>The conversions of the history: requests, budgets and their movements, monthly SEPA batches.</summary>
    private sealed class ConversionHistory(GenerationContext context, int leerregioId, List<string> coordinators, Account conversionAccount, Random random)
    {
        private readonly IDataProtector _protector = context.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Conversions.ProtectionPurpose);
        private readonly List<(Transfer Transfer, Account Member, DateTimeOffset At)> _month = [];
        private readonly Dictionary<string, string> _ibans = [];
        private readonly Dictionary<(int Account, int Year, int Month), decimal> _perMonth = [];
        private readonly Dictionary<(int Account, int Year), decimal> _perYear = [];
        private readonly Dictionary<int, Budget> _budgets = [];
        private int _rateId;

        public Random Random => random;
        public int Requests { get; private set; }
        public int Paid { get; private set; }
        public int Batches { get; private set; }

        public async Task StartAsync(DateTimeOffset start, CancellationToken ct)
        {
            var rate = new ConversionRate { LeerregioId = leerregioId, EurosPerHour = Rate, ValidFrom = DateOnly.FromDateTime(start.UtcDateTime), CreatedByUserId = coordinators[0], CreatedAt = start };
            await context.WriteAsync(db =>
            {
                db.ConversionRates.Add(rate);
                db.ConversionSettings.Add(new ConversionSettings
                {
                    LeerregioId = leerregioId, CapPerMonthEuros = CapPerMonth, CapPerYearEuros = CapPerYear,
                    PayerName = "Stichting GROZ Synthetisch", PayerIban = TimeBankDemo.DemoPayerIban, PayerBic = "ABNANL2A",
                });
                return Task.CompletedTask;
            }, ct);
            _rateId = rate.Id;
        }

        /// <summary>A member with hours to spare converts some of them, within the caps; null when nobody fits this time.</summary>
        public Transfer? Convert(DateTimeOffset at, List<Account> active)
        {
            // Most members spend what they earn: a few looks for one with hours to spare.
            for (var tries = 0; tries < 40; tries++)
            {
                var member = active[random.Next(active.Count)];
                if (member.Owner!.CreatedAt >= at || member.Balance < 60)
                {
                    continue;
                }
                var minutes = Math.Min(member.Balance, 15 * (4 + random.Next(13))) / 15 * 15;
                var amount = Conversions.AmountFor(minutes, Rate);
                var (month, year) = ((member.Row.Id, at.Year, at.Month), (member.Row.Id, at.Year));
                if (_perMonth.GetValueOrDefault(month) + amount > CapPerMonth || _perYear.GetValueOrDefault(year) + amount > CapPerYear)
                {
                    continue;
                }
                var transfer = Move(TransferKind.Conversion, member, conversionAccount, minutes,
                    string.Create(CultureInfo.InvariantCulture, $"Omgezet in euro's: € {amount:0.00}"), member.Owner.UserId, at);
                if (transfer is null)
                {
                    continue;
                }
                _perMonth[month] = _perMonth.GetValueOrDefault(month) + amount;
                _perYear[year] = _perYear.GetValueOrDefault(year) + amount;
                _month.Add((transfer, member, at));
                return transfer;
            }
            return null;
        }

        /// <summary>After the month's transfers are written (they have their ids): the requests, reservations and the month's batch.</summary>
        public async Task RecordMonthAsync(bool last, DateTimeOffset monthEnd, CancellationToken ct)
        {
            if (_month.Count == 0)
            {
                return;
            }
            var rows = new List<ConversionRequest>();
            foreach (var (transfer, member, at) in _month)
            {
                var iban = IbanOf(member.Owner!.UserId);
                var status = last ? (rows.Count % 2 == 0 ? ConversionStatus.Pending : ConversionStatus.Approved) : ConversionStatus.Paid;
                var amount = Conversions.AmountFor(transfer.Minutes, Rate);
                Budget? budget = null;
                if (status != ConversionStatus.Pending)
                {
                    budget = await BudgetForAsync(at.Year, ct);
                    if (budget.RemainingEuros < amount)
                    {
                        (status, budget) = (ConversionStatus.Pending, null);
                    }
                    else
                    {
                        budget.RemainingEuros -= amount;
                    }
                }
                var decided = at.AddDays(2) < monthEnd ? at.AddDays(2) : at;
                rows.Add(new ConversionRequest
                {
                    LeerregioId = leerregioId, AccountId = member.Row.Id, RequestedByUserId = member.Owner.UserId, Minutes = transfer.Minutes,
                    RateId = _rateId, EurosPerHour = Rate, AmountEuros = amount, RequestDate = DateOnly.FromDateTime(at.UtcDateTime),
                    IbanProtected = _protector.Protect(iban), IbanMasked = Iban.Mask(iban), AccountHolder = member.Owner.DisplayName,
                    Status = status, TransferId = transfer.Id, BudgetId = budget?.Id, CreatedAt = at,
                    DecidedByUserId = budget is null ? null : coordinators[random.Next(coordinators.Count)], DecidedAt = budget is null ? null : decided,
                });
            }
            var paid = rows.Where(r => r.Status == ConversionStatus.Paid).ToList();
            PayoutBatch? batch = null;
            if (paid.Count > 0)
            {
                batch = new PayoutBatch
                {
                    LeerregioId = leerregioId, MessageId = "PENDING-" + GenerationContext.NextGuid(random)[..20], RequestedExecutionDate = DateOnly.FromDateTime(monthEnd.UtcDateTime),
                    XmlProtected = "", CreatedByUserId = coordinators[0], CreatedAt = monthEnd.AddHours(-12),
                };
                await context.WriteAsync(db =>
                {
                    db.PayoutBatches.Add(batch);
                    return Task.CompletedTask;
                }, ct);
                paid.ForEach(r => r.PayoutBatchId = batch.Id);
            }
            await context.InsertAsync(rows, ct);
            await context.InsertAsync(rows.Where(r => r.BudgetId is not null).Select(r => new BudgetMovement
            {
                BudgetId = r.BudgetId!.Value, Kind = BudgetMovementKind.Reservation, AmountEuros = -r.AmountEuros, ConversionId = r.Id, UserId = r.DecidedByUserId!, At = r.DecidedAt!.Value,
            }), ct);
            if (batch is not null)
            {
                var local = batch.CreatedAt.UtcDateTime;
                batch.MessageId = SepaCreditTransfer.Id(string.Create(CultureInfo.InvariantCulture, $"GROZ-{leerregioId}-{batch.Id}-{local:yyyyMMddHHmmss}"));
                batch.NumberOfTransactions = paid.Count;
                batch.ControlSum = paid.Sum(r => r.AmountEuros);
                var xml = SepaCreditTransfer.Write(batch.MessageId, local, batch.RequestedExecutionDate,
                    new SepaCreditTransfer.Debtor("Stichting GROZ Synthetisch", TimeBankDemo.DemoPayerIban, "ABNANL2A"),
                    paid.Select(r => new SepaCreditTransfer.Payment(string.Create(CultureInfo.InvariantCulture, $"GROZ-C{r.Id}"), r.AmountEuros, r.AccountHolder,
                        _protector.Unprotect(r.IbanProtected), string.Create(CultureInfo.InvariantCulture, $"Tijdbank: {r.Minutes} min omgezet, verzoek {r.Id}"))).ToList());
                batch.XmlProtected = _protector.Protect(xml);
                await context.WriteAsync(db =>
                {
                    db.PayoutBatches.Attach(batch);
                    db.Entry(batch).State = EntityState.Modified;
                    return Task.CompletedTask;
                }, ct);
                Batches++;
            }
            Requests += rows.Count;
            Paid += paid.Count;
            _month.Clear();
        }

        /// <summary>The budgets' remaining amounts, written once: the deposit minus the reservations.</summary>
        public Task FinishAsync(CancellationToken ct) => context.WriteAsync(db =>
        {
            foreach (var budget in _budgets.Values)
            {
                db.Budgets.Attach(budget);
                db.Entry(budget).Property(b => b.RemainingEuros).IsModified = true;
            }
            return Task.CompletedTask;
        }, ct);

        private async Task<Budget> BudgetForAsync(int year, CancellationToken ct)
        {
            if (_budgets.TryGetValue(year, out var budget))
            {
                return budget;
            }
            var at = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
            budget = new Budget
            {
                LeerregioId = leerregioId, Funder = "Gemeente (synthetisch)", AmountEuros = BudgetPerYear, RemainingEuros = BudgetPerYear,
                PeriodFrom = new DateOnly(year, 1, 1), PeriodTo = new DateOnly(year, 12, 31), CreatedByUserId = coordinators[0], CreatedAt = at,
            };
            await context.WriteAsync(db =>
            {
                db.Budgets.Add(budget);
                return Task.CompletedTask;
            }, ct);
            await context.WriteAsync(db =>
            {
                db.BudgetMovements.Add(new BudgetMovement { BudgetId = budget.Id, Kind = BudgetMovementKind.Deposit, AmountEuros = BudgetPerYear, UserId = coordinators[0], At = at });
                return Task.CompletedTask;
            }, ct);
            _budgets[year] = budget;
            return budget;
        }

        private string IbanOf(string userId)
        {
            if (!_ibans.TryGetValue(userId, out var iban))
            {
                var digits = string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('0' + random.Next(10))));
                _ibans[userId] = iban = Iban.Make("NL", new[] { "INGB", "RABO", "ABNA", "SNSB", "TRIO", "ASNB" }[random.Next(6)] + digits);
            }
            return iban;
        }
    }

    private static Transfer? Exchange(Random random, Planned p, Dictionary<int, List<Account>> byWijk, List<Account> all,
        Dictionary<int, Account> buurthuizen, Account statement)
    {
        var payer = p.Initiator!;
        var wijkId = payer.Owner!.WijkId;
        Account? provider;
        var roll = random.NextDouble();
        if (roll < 0.05 && buurthuizen[wijkId] != statement)
        {
            provider = buurthuizen[wijkId];
        }
        else
        {
            // Mostly neighbours: 85 % from the own wijk.
            provider = Pick(random, roll < 0.85 ? byWijk[wijkId] : all, p.At, payer);
        }
        if (provider is null)
        {
            return null;
        }
        var minutes = 15 * Math.Min(40, 1 + Geometric(random, 0.3));
        var description = provider.Row.Kind == TimeAccountKind.Organisation ? AtTheBuurthuis[random.Next(AtTheBuurthuis.Length)] : Exchanges[random.Next(Exchanges.Length)];
        return Move(TransferKind.Exchange, payer, provider, minutes, description, payer.Owner.UserId, p.At);
    }

    private static Transfer? Donation(Random random, Planned p, Dictionary<int, List<Account>> byWijk, Account pool)
    {
        var donor = p.Initiator!;
        var minutes = 15 * (1 + random.Next(8));
        if (random.NextDouble() < 0.7)
        {
            return Move(TransferKind.Donation, donor, pool, minutes, "Voor de gemeenschapspot", donor.Owner!.UserId, p.At);
        }
        var receiver = Pick(random, byWijk[donor.Owner!.WijkId], p.At, donor);
        return receiver is null ? null : Move(TransferKind.Donation, donor, receiver, minutes, "Uren cadeau gedaan", donor.Owner.UserId, p.At);
    }

    /// <summary>A grant goes to a member who ran low; a few looks, as a coordinator would go down a short list.</summary>
    private static Transfer? Grant(Random random, Planned p, List<Account> all, Account pool, List<string> coordinators)
    {
        for (var tries = 0; tries < 20; tries++)
        {
            var receiver = Pick(random, all, p.At, null);
            if (receiver is { Balance: < -120 })
            {
                var minutes = Math.Min(Math.Min(-receiver.Balance, 600), pool.Balance) / 15 * 15;
                return minutes == 0 ? null
                    : Move(TransferKind.Grant, pool, receiver, minutes, "Toegekend uit de gemeenschapspot", coordinators[random.Next(coordinators.Count)], p.At);
            }
        }
        return null;
    }

    /// <summary>The statement account's transfers always happen: the benchmark needs exactly that many.</summary>
    private static Transfer StatementTransfer(Random random, Planned p, List<Account> wijk)
    {
        var buurthuis = p.Initiator!;
        for (var tries = 0; tries < 1_000; tries++)
        {
            var member = Pick(random, wijk, p.At, null);
            if (member is null || member.Owner!.UserId == buurthuis.Owner!.UserId)
            {
                continue;
            }
            var minutes = 15 * (2 + random.Next(7));
            var description = AtTheBuurthuis[random.Next(AtTheBuurthuis.Length)];
            // A volunteer gets paid for a shift, or a neighbour pays for what the buurthuis offers; whichever the limits allow.
            var buurthuisPays = random.NextDouble() < 0.5;
            var made = buurthuisPays
                ? Move(TransferKind.Exchange, buurthuis, member, minutes, description, buurthuis.Owner!.UserId, p.At)
                  ?? Move(TransferKind.Exchange, member, buurthuis, minutes, description, member.Owner.UserId, p.At)
                : Move(TransferKind.Exchange, member, buurthuis, minutes, description, member.Owner.UserId, p.At)
                  ?? Move(TransferKind.Exchange, buurthuis, member, minutes, description, buurthuis.Owner!.UserId, p.At);
            if (made is not null)
            {
                return made;
            }
        }
        throw new InvalidOperationException("No member of the wijk could take part in a buurthuis transfer.");
    }

    /// <summary>
    /// Vraag en aanbod (items in the owner's wijk, a third closed, some with an end date) and the winkel: a few products
    /// for every entrepreneur, sold from their own account. Returns the active products.
    /// </summary>
    private static async Task<List<Shop>> MarketAsync(GenerationContext context, Random random, int leerregioId, List<Account> members,
        DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var confirmed = members.Where(a => a.Owner!.EmailConfirmed).ToList();
        var offers = new List<Offer>();
        var count = (int)(confirmed.Count * OffersPerMember);
        for (var i = 0; i < count; i++)
        {
            var owner = confirmed[random.Next(confirmed.Count)].Owner!;
            var (title, theme) = OfferTitles[random.Next(OfferTitles.Length)];
            var at = owner.CreatedAt > start ? owner.CreatedAt : start;
            at += TimeSpan.FromSeconds(Math.Max(0, (end - at).TotalSeconds) * random.NextDouble());
            var request = random.NextDouble() < 0.45;
            offers.Add(new Offer
            {
                LeerregioId = leerregioId, Kind = request ? OfferKind.Request : OfferKind.Offer, OwnerUserId = owner.UserId, WijkId = owner.WijkId,
                Title = request ? "Gezocht: " + title.ToLowerInvariant() : title, Description = (request ? "Wie kan mij helpen? " : "Ik help graag: ") + title.ToLowerInvariant() + ".",
                Theme = theme, Availability = random.NextDouble() < 0.5 ? "Doordeweeks" : "",
                EndDate = random.NextDouble() < 0.2 ? DateOnly.FromDateTime(at.UtcDateTime.AddDays(30 + random.Next(120))) : null,
                Status = random.NextDouble() < 0.33 ? OfferStatus.Closed : OfferStatus.Open, CreatedAt = at, UpdatedAt = at,
            });
        }
        context.Count("timebank offers and requests", await context.InsertAsync(offers.OrderBy(o => o.CreatedAt), ct));

        var shops = new List<Shop>();
        foreach (var seller in confirmed.Where(a => a.Owner!.Roles.Contains(GrozRole.Entrepreneur)))
        {
            foreach (var (title, theme, minutes) in ProductTitles.OrderBy(_ => random.Next()).Take(1 + random.Next(3)))
            {
                var product = new Product
                {
                    LeerregioId = leerregioId, SellerAccountId = seller.Row.Id, OwnerUserId = seller.Owner!.UserId, Title = title, Description = title + " bij " + seller.Owner.DisplayName,
                    Theme = theme, PriceMinutes = minutes, Active = true, CreatedAt = seller.Owner.CreatedAt, UpdatedAt = seller.Owner.CreatedAt,
                };
                shops.Add(new Shop(product, seller));
            }
        }
        context.Count("timebank products", await context.InsertAsync(shops.Select(s => s.Product), ct));
        return shops;
    }

    /// <summary>A purchase at a shop whose owner had joined, never one's own, within the limits (else left out, as RecordTransfer refuses it).</summary>
    private static Transfer? Buy(Random random, Planned p, List<Shop> shops, List<(Transfer, Purchase)> purchases)
    {
        var buyer = p.Initiator!;
        var shop = shops[random.Next(shops.Count)];
        if (shop.Seller == buyer || shop.Seller.Owner!.CreatedAt > p.At)
        {
            return null;
        }
        var quantity = random.NextDouble() < 0.8 ? 1 : 2;
        var made = Move(TransferKind.Purchase, buyer, shop.Seller, shop.Product.PriceMinutes * quantity, $"{quantity} × {shop.Product.Title}", buyer.Owner!.UserId, p.At);
        if (made is null)
        {
            return null;
        }
        made.Theme = shop.Product.Theme;
        purchases.Add((made, new Purchase { ProductId = shop.Product.Id, BuyerUserId = buyer.Owner.UserId, Quantity = quantity, UnitPriceMinutes = shop.Product.PriceMinutes, At = p.At }));
        return made;
    }

    /// <summary>A member who had joined by then; the list is sorted by sign-up, so only its first part is eligible.</summary>
    private static Account? Pick(Random random, List<Account> candidates, DateTimeOffset at, Account? not)
    {
        var joined = UpperBound(candidates, at);
        if (joined == 0)
        {
            return null;
        }
        var pick = candidates[random.Next(joined)];
        return pick == not ? null : pick;
    }

    private static int UpperBound(List<Account> byCreated, DateTimeOffset at)
    {
        var (lo, hi) = (0, byCreated.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (byCreated[mid].Owner!.CreatedAt < at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Two entries that sum to zero, applied to the simulated balances; null when a limit would be crossed.</summary>
    private static Transfer? Move(TransferKind kind, Account from, Account to, int minutes, string description, string createdBy, DateTimeOffset at)
    {
        if (from == to || !from.CanPay(minutes) || !to.CanReceive(minutes))
        {
            return null;
        }
        from.Balance -= minutes;
        to.Balance += minutes;
        var transfer = new Transfer
        {
            LeerregioId = from.Row.LeerregioId, Kind = kind, Status = TransferStatus.Completed, FromAccountId = from.Row.Id, ToAccountId = to.Row.Id,
            Minutes = minutes, Description = description, CreatedByUserId = createdBy, CreatedAt = at, ResolvedAt = at,
        };
        // In account-id order, as RecordTransfer writes them.
        foreach (var (account, delta) in new[] { (from, -minutes), (to, minutes) }.OrderBy(x => x.Item1.Row.Id))
        {
            transfer.Entries.Add(new TimeEntry { AccountId = account.Row.Id, Minutes = delta, At = at });
        }
        return transfer;
    }

    /// <summary>A moment between 8:00 and 21:00 (UTC is close enough for a benchmark) within [from, to).</summary>
    private static DateTimeOffset DayTime(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        for (var tries = 0; tries < 10; tries++)
        {
            var at = from + TimeSpan.FromSeconds((to - from).TotalSeconds * random.NextDouble());
            if (at.Hour is >= 8 and < 21)
            {
                return at;
            }
        }
        return from + TimeSpan.FromSeconds((to - from).TotalSeconds * random.NextDouble());
    }

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        var (limit, k, product) = (Math.Exp(-mean), 0, random.NextDouble());
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return k;
    }

    private static int Geometric(Random random, double p)
    {
        var k = 0;
        while (random.NextDouble() > p && k < 100)
        {
            k++;
        }
        return k;
    }
}
