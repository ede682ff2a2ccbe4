using Groz.Web.Features.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Events;

/// <summary>The activities app without the background job: the tests run reminders and retention themselves, at a clock they set.</summary>
public class EventJobsApp : EventsApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Events:Jobs", "false")];

    /// <summary>Puts the app's clock at this moment (UTC).</summary>
    public void At(DateTimeOffset utc) => Clock.Offset = utc - TimeProvider.System.GetUtcNow();

    /// <summary>Puts the clock at a Dutch wall-clock time.</summary>
    public void AtLocal(int year, int month, int day, int hour, int minute = 0) => At(Local(year, month, day, hour, minute));

    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Recurrence.DutchTime), TimeSpan.Zero);

    public async Task<EventReminders.RunResult> RemindAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventReminders>().RunAsync();
    }

    public async Task<EventRetention.RunResult> RetainAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventRetention>().RunAsync();
    }
}
