using System.Security.Cryptography;
using Marten;
using Npgsql;

namespace PowerMicro.Callback.Rules;

/// <summary>
/// The exact 20% sample of one inquiry subtype: completions are counted in blocks of five, and in each
/// block one position, drawn at random when the block starts, is picked. Any 100 consecutive completions
/// then hold 19 to 21 picks (exactly 20 when aligned to blocks), and which ones cannot be told from the
/// order number or arrival order. The counter is one document per subtype, shared by every instance and
/// updated in the same transaction as the callback decision. Completions of one subtype are counted one
/// at a time (a transaction-scoped advisory lock on the subtype), so none is counted twice or skipped, and
/// optimistic concurrency on the document is the second guard.
/// </summary>
public sealed class SamplingBlock
{
    public const int BlockSize = 5;

    public string Id { get; set; } = "";
    public long Completions { get; set; }
    public int Pick { get; set; }

    public static async Task<bool> DrawAsync(IDocumentSession session, string subtype, CancellationToken cancellationToken)
    {
        var connection = session.Connection ?? throw new InvalidOperationException("Sampling needs the session's transaction.");
        await using (var wait = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", connection))
        {
            wait.Parameters.Add(new NpgsqlParameter { Value = "powermicro-sampling:" + subtype });
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        var block = await session.LoadAsync<SamplingBlock>(subtype, cancellationToken);
        if (block is null) session.Insert(block = new SamplingBlock { Id = subtype });
        else session.Update(block);

        return block.Count(RandomNumberGenerator.GetInt32);
    }

    /// <summary>Counts one completion: true when it is its block's pick. <paramref name="draw"/> picks a position (0 to n - 1) as a block starts.</summary>
    public bool Count(Func<int, int> draw)
    {
        var position = (int)(Completions % BlockSize);
        if (position == 0) Pick = draw(BlockSize);
        Completions++;
        return position == Pick;
    }
}
