using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Settings;

/// <summary>AddComerixCrm(IConfiguration): the Crm section bound, its lists replacing the defaults, and checked at start-up.</summary>
public sealed class ConfiguredSettingsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "comerix-settings-" + Guid.NewGuid().ToString("N")[..10]);

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["Crm:DataDirectory"] = _directory;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddComerixCrm(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task AConfiguredPriorityReplacesTheDefaultAndDecidesWhereATiedEventGoes()
    {
        await using var services = Services(new()
        {
            // Phone above email: by default email outranks it (and the binder used to append these after the defaults).
            ["Crm:Resolution:Priority:0"] = "phone",
            ["Crm:Resolution:Priority:1"] = "email",
        });
        Assert.Equal(["phone", "email"], services.GetRequiredService<IdentityResolutionOptions>().Priority);
        await services.GetRequiredService<CrmDatabase>().MigrateAsync();
        var engine = services.GetRequiredService<IdentityEngine>();
        await engine.IngestAsync("Default", Form("f1", Day1, Email("ada@example.com")));
        var bob = await engine.IngestAsync("Default", Form("f2", Day1, Phone("+14155552671")));

        // An unverified form claims both: not proof enough to merge, so the event goes to the higher-priority one's contact.
        var tie = await engine.IngestAsync("Default", Form("f3", Day1, Email("ada@example.com"), Phone("+14155552671")));

        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        Assert.Equal(bob.ContactId, tie.ContactId);
    }

    [Fact]
    public async Task AConfiguredLimitOverridesItsTypeAndKeepsTheOtherDefaults()
    {
        await using var services = Services(new() { ["Crm:Resolution:MaxPerContact:email"] = "2" });

        var limits = services.GetRequiredService<IdentityResolutionOptions>();
        Assert.Equal(2, limits.LimitFor("email"));
        Assert.Equal(1, limits.LimitFor("customer_id"));
    }

    [Fact]
    public async Task EveryBadSettingIsNamedWhenTheModuleIsFirstUsed()
    {
        await using var services = Services(new()
        {
            ["Crm:DatabaseProvider"] = "postgres",
            ["Crm:Resolution:BatchTransactionSize"] = "0",
            ["Crm:Resolution:Priority:0"] = "fax",
            ["Crm:Resolution:Priority:1"] = "email",
            ["Crm:Resolution:Priority:2"] = "email",
            ["Crm:ErasureRetryInterval"] = "00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IdentityEngine>());

        Assert.Equal(
        [
            "Crm:ConnectionString is required with Crm:DatabaseProvider postgres (\"Host=…;Database=…;Username=…;Password=…\").",
            "Crm:ErasureRetryInterval must be longer than zero (got 00:00:00).",
            "Crm:Resolution:BatchTransactionSize must be at least 1 (got 0).",
            "Crm:Resolution:Priority:0 \"fax\" is not an identifier type: use one of customer_id, email, phone, external_ref, conversation_id, visitor_id.",
            "Crm:Resolution:Priority:2 \"email\" is listed twice: each type has one place, highest first.",
        ], error.Failures);
    }

    [Fact]
    public async Task AHostWithABadSettingDoesNotStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Crm:DataDirectory", _directory), new("Crm:DatabaseProvider", "mysql")]);
        builder.Services.AddComerixCrm(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Crm:DatabaseProvider \"mysql\" is not a database provider the module has: use sqlite (the default) or postgres.", Assert.Single(error.Failures));
    }

    [Fact]
    public void ASettingMadeInCodeIsCheckedWhenTheModuleIsAdded()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new ServiceCollection().AddComerixCrm(crm => crm.Resolution.BatchTransactionSize = 0));

        Assert.Equal("Crm:Resolution:BatchTransactionSize must be at least 1 (got 0).", Assert.Single(error.Failures));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
