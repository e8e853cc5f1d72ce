namespace Comerix.Crm.Notifications;

/// <summary>
/// Handles one kind of <see cref="CrmNotification"/> in-process, after the change committed: the host's or another
/// module's workflow hook. Register it with <c>services.AddCrmEventHandler&lt;ContactIdentified, WelcomeMail&gt;()</c>
/// (or as a scoped <c>ICrmEventHandler&lt;T&gt;</c>). A handler that throws is logged; the change stands.
/// </summary>
public interface ICrmEventHandler<in T> where T : CrmNotification
{
    Task HandleAsync(T notification, CancellationToken cancellationToken);
}
