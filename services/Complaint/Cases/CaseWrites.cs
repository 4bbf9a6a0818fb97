using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerMicro.Complaint.Repeats;
using PowerMicro.Contracts;
using PowerMicro.Durable.Deadlines;
using PowerMicro.Durable.Writing;
using PowerMicro.ServiceDefaults.Privacy;
using PowerMicro.Contracts.Catalog;

namespace PowerMicro.Complaint.Cases;

/// <summary>
/// Every change to cases, through <see cref="AggregateWriter"/>. A complaint's matter (the repeat rule) changes in the
/// same transaction: counted when the case opens, closed by the reply, open again on a reopening; it has optimistic
/// concurrency, so two complaints on one matter at once are counted in turn (the loser is decided again).
/// </summary>
public sealed class CaseWrites(AggregateWriter writer, DeadlineLimits limits, IOptions<RepeatOptions> repeats, ContactSeal seal,
    ILogger<CaseWrites> logger)
{
    public async Task Open(OrderReceived order, Guid? messageId, CancellationToken ct)
    {
        var name = seal.Open(order.SealedContact)?.Name ?? order.Customer.Name;
        var result = (await writer.Write(order.OrderId, new OpenCase(order, name, new RepeatVerdict(false, 1, false), limits), CaseDecisions.Open,
            new WriteSteps<ComplaintCase, OpenCase>
            {
                Inbox = ("OrderReceivedConsumer", messageId),
                Prepare = async (session, state, command, token) =>
                    state is null && OrderCatalog.Kind(order.Kind).RepeatRule
                        ? command with { Verdict = (await Matter(session, order.Customer.AccountNo, order.Subtype, token)).Assess(order.OccurredAt, repeats.Value) }
                        : command,
                Join = async (session, change, token) =>
                {
                    if (!OrderCatalog.Kind(order.Kind).RepeatRule) return;
                    var matter = await Matter(session, order.Customer.AccountNo, order.Subtype, token);
                    var isNew = matter.Cases.Count == 0;
                    matter.Add(order.OrderId, order.OccurredAt);
                    // A concurrent first complaint on the matter fails the insert, a concurrent later one the version check.
                    if (isNew) session.Insert(matter);
                    else session.Store(matter);
                },
            }, ct)).ThrowIfChangedConcurrently();
        if (result is WriteResult<ComplaintCase>.Written { Events.Count: > 0, State: { } opened })
            logger.LogInformation("Case {OrderId} opened ({Kind}/{Subtype}, repeat {Repeat}, n {MatterCount})",
                order.OrderId, order.Kind, order.Subtype, opened.Repeat, opened.MatterCount);
    }

    public Task<WriteResult<ComplaintCase>> Contact(Guid id, string by, CancellationToken ct) =>
        writer.Write<ComplaintCase, ContactCustomer>(id, new ContactCustomer(by), CaseDecisions.Contact, cancellationToken: ct);

    public Task<WriteResult<ComplaintCase>> Reply(Guid id, string reply, string by, bool? verified, CancellationToken ct) =>
        writer.Write(id, new ReplyToCustomer(reply, by, verified), CaseDecisions.Reply,
            new WriteSteps<ComplaintCase, ReplyToCustomer> { Join = (session, change, token) => CloseMatter(session, change, change.Now, token) }, ct);

    public Task<WriteResult<ComplaintCase>> Reopen(OrderReopened reopened, Guid? messageId, CancellationToken ct) =>
        writer.Write(reopened.OrderId, new ReopenCase(reopened, limits), CaseDecisions.Reopen,
            new WriteSteps<ComplaintCase, ReopenCase>
            {
                Inbox = ("OrderReopenedConsumer", messageId),
                Join = (session, change, token) => CloseMatter(session, change, null, token),
            }, ct);

    /// <summary>Marks the case closed (replied) in its matter at <paramref name="at"/>, or open again (null).</summary>
    private static async Task CloseMatter(IDocumentSession session, Change<ComplaintCase> change, DateTimeOffset? at, CancellationToken ct)
    {
        if (change.After is not { } complaint || !OrderCatalog.Kind(complaint.Kind).RepeatRule) return;
        if (await session.LoadAsync<ComplaintMatter>(ComplaintMatter.IdOf(complaint.AccountNo, complaint.Subtype), ct) is not { } matter) return;
        matter.Closed(complaint.Id, at);
        session.Store(matter);
    }

    private static async Task<ComplaintMatter> Matter(IDocumentSession session, string accountNo, string subtype, CancellationToken ct)
    {
        var id = ComplaintMatter.IdOf(accountNo, subtype);
        return await session.LoadAsync<ComplaintMatter>(id, ct) ?? new ComplaintMatter { Id = id };
    }
}
