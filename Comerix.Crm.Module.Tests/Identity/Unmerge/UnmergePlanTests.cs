using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Resolution;
using static Comerix.Crm.Resolution.UnmergePlan;

namespace Comerix.Crm.Tests.Identity.Unmerge;

/// <summary>Where later events go when a merge is undone: the engine's tie rule, with the two kept apart.</summary>
public sealed class UnmergePlanTests
{
    private static readonly Identifier LoserVisitor = new("visitor_id", "v-1");
    private static readonly Identifier LoserPhone = new("phone", "+4915112345678");
    private static readonly Identifier SurvivorEmail = new("email", "ann@site.test");
    private static readonly Identifier Tablet = new("visitor_id", "v-tablet");

    private static LaterEvent Event(long id, params (Identifier Identifier, bool Verified)[] claims) =>
        new(id, ClaimKeys.Of(claims.Select(c => new NormalizedClaim(c.Identifier.Type, c.Identifier.Value, c.Identifier.Value, c.Verified)).ToList()));

    private static int Priority(string type) => new IdentityResolutionOptions().PriorityOf(type);

    private static Result Decide(IReadOnlyCollection<Identifier> now, params LaterEvent[] later) =>
        UnmergePlan.Decide([LoserVisitor, LoserPhone], [SurvivorEmail], now, later, Priority);

    [Fact]
    public void AnEventCarryingOnlyTheLosersIdentifierGoesBackWithTheIdentifiersItBrought()
    {
        var plan = Decide([SurvivorEmail, LoserVisitor, LoserPhone, Tablet], Event(10, (LoserVisitor, false), (Tablet, false)));
        Assert.Equal([10], plan.EventsToLoser);
        Assert.Equal([LoserVisitor, LoserPhone, Tablet], plan.IdentifiersToLoser);
    }

    [Fact]
    public void AnEventCarryingBothGoesWhereItsStrongestIdentifierPoints()
    {
        // Email outranks phone: the survivor keeps it.
        Assert.Empty(Decide([SurvivorEmail], Event(10, (LoserPhone, false), (SurvivorEmail, false))).EventsToLoser);
        // Among claims of one type, a verified one wins, then the event's order.
        var other = new Identifier("phone", "+4930123456");
        var plan = UnmergePlan.Decide([LoserPhone], [other], [other], [Event(11, (other, false), (LoserPhone, true))], Priority);
        Assert.Equal([11], plan.EventsToLoser);
        plan = UnmergePlan.Decide([LoserPhone], [other], [other], [Event(12, (other, false), (LoserPhone, false))], Priority);
        Assert.Empty(plan.EventsToLoser);
    }

    [Fact]
    public void AnIdentifierALaterEventBroughtFollowsTheFirstEventThatCarriedIt()
    {
        var plan = Decide([SurvivorEmail, Tablet],
            Event(10, (SurvivorEmail, false), (Tablet, false)),
            Event(11, (Tablet, false)));
        Assert.Empty(plan.EventsToLoser);
        Assert.Empty(plan.IdentifiersToLoser);
    }

    [Fact]
    public void AnEventWhoseIdentifiersAreGoneStaysAndIsCounted()
    {
        var gone = new Identifier("visitor_id", "v-detached");
        var plan = Decide([SurvivorEmail], Event(10, (gone, false)), new LaterEvent(11, null));
        Assert.Empty(plan.EventsToLoser);
        Assert.Equal(1, plan.Unplaced);
    }
}
