namespace Groz.Web.Features.HelpRequests;

/// <summary>The one place that says which status may follow which (no step skipped).</summary>
public static class HelpFlow
{
    private static readonly Dictionary<HelpStatus, HelpStatus[]> Next = new()
    {
        [HelpStatus.New] = [HelpStatus.Triaged, HelpStatus.Withdrawn],
        // Triage ends in asking volunteers, a referral, or closing (e.g. no longer needed).
        [HelpStatus.Triaged] = [HelpStatus.Asked, HelpStatus.Referred, HelpStatus.Closed, HelpStatus.Withdrawn],
        // Back to Triaged when every asked volunteer declined or let the link expire.
        [HelpStatus.Asked] = [HelpStatus.Matched, HelpStatus.Triaged, HelpStatus.Withdrawn],
        [HelpStatus.Matched] = [HelpStatus.InProgress, HelpStatus.Triaged, HelpStatus.Withdrawn],
        [HelpStatus.InProgress] = [HelpStatus.Done],
        [HelpStatus.Done] = [HelpStatus.FollowedUp],
        [HelpStatus.Referred] = [HelpStatus.FollowedUp, HelpStatus.Closed],
        [HelpStatus.FollowedUp] = [HelpStatus.Closed],
        [HelpStatus.Closed] = [],
        [HelpStatus.Withdrawn] = [],
    };

    public static bool Allowed(HelpStatus from, HelpStatus to) => Next.TryGetValue(from, out var next) && next.Contains(to);

    public static IReadOnlyList<HelpStatus> Open { get; } =
        [HelpStatus.New, HelpStatus.Triaged, HelpStatus.Asked, HelpStatus.Matched, HelpStatus.InProgress, HelpStatus.Done, HelpStatus.Referred, HelpStatus.FollowedUp];
}
