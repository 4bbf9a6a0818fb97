using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using PowerMicro.Intake.PublicEvents;

namespace PowerMicro.Intake.Webhooks;

/// <summary>
/// Delivers each subscription's events from its own cursor, in journal order (so in sequence per order), signed,
/// one at a time: a 2xx moves the cursor on; anything else stops the subscription until its backoff has passed
/// (doubling up to Webhooks:RetryCap) and is shown on the subscription (failures, lastError, backlog). The cursor
/// is stored after every batch and on failure, so a restart resends at most one batch (receivers de-duplicate by
/// webhook-id, the CloudEvents id). One failing endpoint never holds up another subscription.
/// </summary>
public sealed class WebhookDelivery(IDocumentStore store, NpgsqlDataSource database, IHttpClientFactory clients, TimeProvider clock,
    IOptions<WebhookOptions> options, ILogger<WebhookDelivery> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var query = store.QuerySession();
                var now = clock.GetUtcNow();
                var due = await query.Query<WebhookSubscription>().Where(s => s.NextAttemptAt <= now).ToListAsync(stoppingToken);
                await Task.WhenAll(due.Select(s => DeliverAsync(s, settings, stoppingToken)));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Webhook delivery round failed; trying again");
            }
            try
            {
                // Real time: the cadence of polling is an operations matter; an accelerated service clock (demos,
                // the x600 tests) would otherwise poll hundreds of times a second.
                await Task.Delay(settings.PollInterval, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(WebhookSubscription subscription, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var page = await PublicJournalReader.ReadAsync(store, database, subscription.Cursor, settings.BatchSize, subscription.Kind,
            subscription.Type is null ? null : EventFeedEndpoints.ContractTypeOf(subscription.Type), cancellationToken);
        if (page.Events.Count == 0 && page.Cursor == subscription.Cursor) return;

        var client = clients.CreateClient(HttpClientName);
        client.Timeout = settings.Timeout;
        var failed = false;
        foreach (var e in page.Events)
        {
            var body = PublicCloudEvents.Encode(e.CloudEvent);
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new ReadOnlyMemoryContent(body),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", PublicCloudEvents.ContentType);
            request.Headers.Add("webhook-id", e.CloudEvent.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Sign(subscription.Secret, e.CloudEvent.Id!, timestamp, body.Span));
            subscription.LastAttemptAt = clock.GetUtcNow();
            string? error;
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                error = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                error = ex.GetType().Name + ": " + ex.Message;
            }
            if (error is not null)
            {
                subscription.Failures++;
                subscription.TotalFailures++;
                subscription.LastError = error;
                subscription.NextAttemptAt = clock.GetUtcNow() + settings.Backoff(subscription.Failures);
                failed = true;
                break;
            }
            subscription.Cursor = e.Position;
            subscription.Delivered++;
            subscription.Failures = 0;
            subscription.LastDeliveredAt = clock.GetUtcNow();
        }
        if (!failed) subscription.Cursor = Math.Max(subscription.Cursor, page.HasMore ? subscription.Cursor : page.Cursor);
        await SaveProgressAsync(subscription, cancellationToken);
    }

    /// <summary>Stores the progress unless the subscription was deleted meanwhile.</summary>
    private async Task SaveProgressAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<WebhookSubscription>(subscription.Id, cancellationToken) is null) return;
        session.Store(subscription);
        await session.SaveChangesAsync(cancellationToken);
    }
}
