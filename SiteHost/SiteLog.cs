namespace Comerix.SiteHost;

/// <summary>The site's own log lines (event ids 100–199; the module's are 1000 and up, see CrmLogEvents).</summary>
internal static partial class SiteLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Administrator {Email} created.")]
    public static partial void AdministratorCreated(ILogger logger, string email);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "{Email} already exists: COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD were not applied, and its password was not " +
                  "changed (the variables only create the first administrator of an empty site).")]
    public static partial void AdministratorExists(ILogger logger, string? email);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD were not applied: the site already has users, and the variables only " +
                  "create the first administrator of an empty site. Add another administrator with:{NewLine}  {Command}")]
    public static partial void AdministratorVariablesIgnored(ILogger logger, string newLine, string command);

    /// <summary>A site nobody can sign in to is not ready, whatever /health says.</summary>
    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "{Notice}")]
    public static partial void NobodyCanSignIn(ILogger logger, string notice);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void RecipeLine(ILogger logger, string line);
}
