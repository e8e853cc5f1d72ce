using Comerix.Crm.Contacts;
using Comerix.Crm.Erasure;
using Comerix.Crm.Import;
using Comerix.Crm.Matching;
using Comerix.Crm.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Comerix.Crm.Data.Configurations;

/// <summary>
/// The closed states are enums in the model and their codes in the columns ("live", "pending"): the same text the
/// columns held when the properties were strings, so the schema, the migrations and the stored rows are unchanged.
/// Registered by type, so every property of one of these enums (Contact.State and Identifier.ContactState alike,
/// the two halves of a foreign key) converts the same way.
/// </summary>
internal static class StateCodeConverters
{
    public static void Register(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<ContactState>().HaveConversion<ContactStateConverter>();
        conventions.Properties<MergeReviewStatus>().HaveConversion<MergeReviewStatusConverter>();
        conventions.Properties<ErasureStatus>().HaveConversion<ErasureStatusConverter>();
        conventions.Properties<ImportStatus>().HaveConversion<ImportStatusConverter>();
        conventions.Properties<WebhookDeliveryStatus>().HaveConversion<WebhookDeliveryStatusConverter>();
        conventions.Properties<WebhookEndpointState>().HaveConversion<WebhookEndpointStateConverter>();
    }

    private sealed class ContactStateConverter()
        : ValueConverter<ContactState, string>(s => s.ToCode(), c => ContactStateCodes.FromCode(c));

    private sealed class MergeReviewStatusConverter()
        : ValueConverter<MergeReviewStatus, string>(s => s.ToCode(), c => MergeReviewStatusCodes.FromCode(c));

    private sealed class ErasureStatusConverter()
        : ValueConverter<ErasureStatus, string>(s => s.ToCode(), c => ErasureStatusCodes.FromCode(c));

    private sealed class ImportStatusConverter()
        : ValueConverter<ImportStatus, string>(s => s.ToCode(), c => ImportStatusCodes.FromCode(c));

    private sealed class WebhookDeliveryStatusConverter()
        : ValueConverter<WebhookDeliveryStatus, string>(s => s.ToCode(), c => WebhookDeliveryStatusCodes.FromCode(c));

    private sealed class WebhookEndpointStateConverter()
        : ValueConverter<WebhookEndpointState, string>(s => s.ToCode(), c => WebhookEndpointStateCodes.FromCode(c));
}
