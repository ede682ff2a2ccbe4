using Groz.Web.Features.Collaboration;

namespace Groz.Tests.Collaboration;

/// <summary>Hand-built networks whose brokers and isolated organisations are known by looking at them.</summary>
public sealed class NetworkMeasureTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid(), E = Guid.NewGuid(), F = Guid.NewGuid();

    private static NetworkMeasures.Result Run(Guid[] organisations, params (int Collaboration, Guid Organisation)[] links) =>
        NetworkMeasures.Compute([.. organisations.Select(o => new NetworkMeasures.Node(o, o.ToString()))], [.. links.Select(l => new NetworkMeasures.Link(l.Collaboration, l.Organisation))]);

    [Fact]
    public void An_organisation_in_two_otherwise_separate_collaborations_is_the_broker()
    {
        // 1: A B C   2: C D E   F in none. C alone joins the two groups.
        var r = Run([A, B, C, D, E, F], (1, A), (1, B), (1, C), (2, C), (2, D), (2, E));
        Assert.Equal([C], r.Brokers.Select(o => o.OrganizationId));
        Assert.Equal([F], r.Isolated.Select(o => o.OrganizationId));
        Assert.Equal(2, r.Organisations.Single(o => o.OrganizationId == C).Degree);
        Assert.Equal(1, r.Organisations.Single(o => o.OrganizationId == A).Degree);
        Assert.Equal(0, r.Organisations.Single(o => o.OrganizationId == F).Degree);
    }

    [Fact]
    public void Two_organisations_that_both_join_the_groups_are_not_brokers()
    {
        // C and D are both in 1 and 2: take either away and the groups stay connected.
        var r = Run([A, C, D, E], (1, A), (1, C), (1, D), (2, C), (2, D), (2, E));
        Assert.Empty(r.Brokers);
    }

    [Fact]
    public void A_chain_has_its_inner_organisations_as_brokers()
    {
        // A -1- B -2- C -3- D
        var r = Run([A, B, C, D], (1, A), (1, B), (2, B), (2, C), (3, C), (3, D));
        Assert.Equal(new[] { B, C }.Order(), r.Brokers.Select(o => o.OrganizationId).Order());
    }

    [Fact]
    public void A_collaboration_with_only_this_organisation_does_not_make_it_a_broker()
    {
        // A is in 1 with B, and alone in 2: removing A cuts off collaboration 2, but no other organisation.
        var r = Run([A, B], (1, A), (1, B), (2, A));
        Assert.Empty(r.Brokers);
        Assert.Empty(r.Isolated);
    }

    [Fact]
    public void A_long_chain_does_not_overflow_the_stack()
    {
        var orgs = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToArray();
        var links = new List<(int, Guid)>();
        for (var i = 0; i + 1 < orgs.Length; i++)
        {
            links.Add((i, orgs[i]));
            links.Add((i, orgs[i + 1]));
        }
        var r = NetworkMeasures.Compute([.. orgs.Select(o => new NetworkMeasures.Node(o, ""))], [.. links.Select(l => new NetworkMeasures.Link(l.Item1, l.Item2))]);
        Assert.True(r.Organisations.Single(o => o.OrganizationId == orgs[10_000]).Broker);
        Assert.False(r.Organisations.Single(o => o.OrganizationId == orgs[0]).Broker);
    }

    [Fact]
    public void Codebook_refuses_a_cycle()
    {
        var parents = new Dictionary<int, int?> { [1] = null, [2] = 1, [3] = 2 };
        Assert.True(Codebook.WouldCycle(parents, 1, 3));
        Assert.True(Codebook.WouldCycle(parents, 2, 2));
        Assert.False(Codebook.WouldCycle(parents, 3, 1));
        Assert.Equal(1, Codebook.Roots(parents)[3]);
    }
}
