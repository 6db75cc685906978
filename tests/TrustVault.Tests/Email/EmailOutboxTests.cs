using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Email;

public sealed class EmailOutboxTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private EmailOutboxDispatcher Dispatcher => host.Get<EmailOutboxDispatcher>();

    [Fact]
    public async Task Queued_mail_is_sent_only_once_its_save_commits()
    {
        await using (var db = await Db())
        {
            db.QueueEmail(EmailTemplates.ConfirmAccount("new@example.com", "https://trustvault.test/confirm?code=1"), host.Clock.GetUtcNow());
            Assert.Equal(0, await Dispatcher.SendDueAsync(CancellationToken.None));
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await Dispatcher.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, await Dispatcher.SendDueAsync(CancellationToken.None));

        var sent = Assert.Single(host.Emails.Sent);
        Assert.Equal(("new@example.com", "Confirm your TrustVault account"), (sent.To, sent.Subject));
        Assert.Contains("https://trustvault.test/confirm?code=1", sent.TextBody, StringComparison.Ordinal);
        var row = await RowAsync();
        Assert.Equal((OutboxEmailStatus.Sent, 1, host.Clock.GetUtcNow()), (row.Status, row.AttemptCount, row.SentAt));
    }

    [Fact]
    public async Task A_refused_mail_is_retried_on_the_backoff_schedule_then_fails_with_its_error()
    {
        host.Emails.Refusal = new IOException("Connection refused by smtp.example.com:587");
        await QueueAsync();

        Assert.Equal(1, await Dispatcher.SendDueAsync(CancellationToken.None));
        foreach (var delay in EmailRetrySchedule.Delays)
        {
            var row = await RowAsync();
            Assert.Equal((OutboxEmailStatus.Pending, host.Clock.GetUtcNow() + delay), (row.Status, row.NextAttemptAt));

            host.Clock.Advance(delay - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await Dispatcher.SendDueAsync(CancellationToken.None));
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await Dispatcher.SendDueAsync(CancellationToken.None));
        }

        var failed = await RowAsync();
        Assert.Equal((OutboxEmailStatus.Failed, EmailRetrySchedule.Delays.Count + 1, null), (failed.Status, failed.AttemptCount, failed.NextAttemptAt));
        Assert.Equal("Connection refused by smtp.example.com:587", failed.LastError);
        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await Dispatcher.SendDueAsync(CancellationToken.None));
        Assert.Empty(host.Emails.Sent);
    }

    [Fact]
    public async Task An_admin_retry_sends_a_failed_mail_again_and_the_list_shows_no_body()
    {
        var admin = await host.AddAdminAsync("admin@example.com");
        host.Emails.Refusal = new IOException("535 Authentication failed");
        await QueueAsync();
        for (var attempt = 0; attempt <= EmailRetrySchedule.Delays.Count; attempt++)
        {
            await Dispatcher.SendDueAsync(CancellationToken.None);
            host.Clock.Advance(TimeSpan.FromDays(1));
        }

        var outbox = host.Get<EmailOutboxService>();
        var listed = await outbox.ListAsync(admin, OutboxEmailStatus.Failed, 0, 20, CancellationToken.None);
        var failed = Assert.Single(listed.Items);
        Assert.Equal(("reset@example.com", "Reset your TrustVault password", "535 Authentication failed"), (failed.To, failed.Subject, failed.LastError));
        Assert.DoesNotContain(typeof(OutboxEmailSummary).GetProperties(), p => p.Name.Contains("Body", StringComparison.Ordinal));

        host.Emails.Refusal = null;
        await outbox.RetryAsync(admin, failed.Id, CancellationToken.None);
        Assert.Equal(1, await Dispatcher.SendDueAsync(CancellationToken.None));

        Assert.Equal("reset@example.com", Assert.Single(host.Emails.Sent).To);
        Assert.Equal(OutboxEmailStatus.Sent, (await RowAsync()).Status);
        await Assert.ThrowsAsync<InvalidInputException>(() => outbox.RetryAsync(admin, failed.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Only_admins_list_or_retry_the_outbox()
    {
        var customer = await host.AddUserAsync("customer@example.com");
        await QueueAsync();
        var outbox = host.Get<EmailOutboxService>();

        await Assert.ThrowsAsync<ForbiddenException>(() => outbox.ListAsync(customer.Id, status: null, 0, 20, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => outbox.RetryAsync(customer.Id, Guid.NewGuid(), CancellationToken.None));
    }

    private async Task QueueAsync()
    {
        await using var db = await Db();
        db.QueueEmail(EmailTemplates.ResetPassword("reset@example.com", "https://trustvault.test/reset?code=secret"), host.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    private async Task<OutboxEmail> RowAsync()
    {
        await using var db = await Db();
        return await db.OutboxEmails.AsNoTracking().SingleAsync();
    }

    private Task<TrustVaultDbContext> Db() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
}
