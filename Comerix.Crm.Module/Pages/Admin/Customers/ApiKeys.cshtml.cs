using System.ComponentModel.DataAnnotations;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>API keys: list, create (the key is shown once, on the page that created it) and revoke.</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class ApiKeysModel(ApiKeyService keys, IAuthorizationService authorization) : CrmAdminPageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    [BindProperty]
    public NewKeyForm Input { get; set; } = new();

    /// <summary>
    /// The key just created, carried to the page after the redirect (post-redirect-get, so a reload cannot create
    /// another) in TempData: an encrypted cookie read once and then deleted. It is never stored on the server.
    /// </summary>
    [TempData]
    public string? NewKey { get; set; }

    [TempData]
    public string? NewKeyName { get; set; }

    /// <summary>The kind of the key just created: a browser key comes with the snippets that use it.</summary>
    [TempData]
    public string? NewKeyKind { get; set; }

    /// <summary>This site's address as a browser reaches it (with a tenant's path prefix): where the snippets point the SDKs.</summary>
    public string SiteUrl => $"{Request.Scheme}://{Request.Host.Value}{Request.PathBase}";

    public sealed class NewKeyForm
    {
        [Display(Name = "Name")]
        public string? Name { get; set; }

        /// <summary><see cref="ApiKeyKinds"/>: a secret server key or a public browser key.</summary>
        public string Kind { get; set; } = ApiKeyKinds.Server;

        [Display(Name = "Origins of your pages")]
        public string? Origins { get; set; }

        public bool Ingest { get; set; } = true;

        public bool Read { get; set; }

        public bool Privacy { get; set; }
    }

    /// <summary>
    /// A key with the read scope lists every contact, page after page: a bulk copy, so only someone who may export
    /// the contacts may create one.
    /// </summary>
    public bool MayCreateReadKeys { get; private set; }

    /// <summary>
    /// A key with the privacy scope erases people and exports everything held about one: only someone who may do
    /// both (comerix.crm.pii.delete and comerix.crm.pii.export) may create one.
    /// </summary>
    public bool MayCreatePrivacyKeys { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        MayCreateReadKeys = (await authorization.AuthorizeAsync(User, CrmPermissions.ExportName)).Succeeded;
        MayCreatePrivacyKeys = (await authorization.AuthorizeAsync(User, CrmPermissions.DeletePersonalDataName)).Succeeded
            && (await authorization.AuthorizeAsync(User, CrmPermissions.ExportPersonalDataName)).Succeeded;
        await base.OnPageHandlerExecutionAsync(context, next);
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Keys = await keys.ListAsync(TenantId, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (Input.Kind == ApiKeyKinds.Browser)
        {
            return await CreateBrowserKeyAsync(cancellationToken);
        }
        if (Input.Read && !MayCreateReadKeys)
        {
            ModelState.AddModelError("Input.Read", $"A key that reads lists every contact, a bulk copy: creating one needs the export permission ({CrmPermissions.ExportName}), which your account does not hold.");
            Keys = await keys.ListAsync(TenantId, cancellationToken);
            return Page();
        }
        if (Input.Privacy && !MayCreatePrivacyKeys)
        {
            ModelState.AddModelError("Input.Privacy", $"A privacy key erases people and exports their data: creating one needs both {CrmPermissions.DeletePersonalDataName} and {CrmPermissions.ExportPersonalDataName}, which your account does not hold.");
            Keys = await keys.ListAsync(TenantId, cancellationToken);
            return Page();
        }
        var scopes = string.Join(',', new[]
        {
            Input.Ingest ? ApiScopes.Ingest : null, Input.Read ? ApiScopes.Read : null, Input.Privacy ? ApiScopes.Privacy : null,
        }.OfType<string>());
        var (created, error) = await keys.CreateAsync(TenantId, Input.Name, scopes, Actor, cancellationToken);
        if (created is null)
        {
            ModelState.AddModelError(error!.Contains("scope", StringComparison.Ordinal) ? "Input.Ingest" : "Input.Name", error);
        }
        else
        {
            (NewKey, NewKeyName, NewKeyKind) = (created.Key, created.Row.Name, ApiKeyKinds.Server);
            return RedirectToPage("/Admin/Customers/ApiKeys");
        }
        Keys = await keys.ListAsync(TenantId, cancellationToken);
        return Page();
    }

    /// <summary>A browser key needs no scopes (it only sends events) but the origins of the pages that will use it.</summary>
    private async Task<IActionResult> CreateBrowserKeyAsync(CancellationToken cancellationToken)
    {
        var (created, error) = await keys.CreateBrowserKeyAsync(TenantId, Input.Name, Input.Origins, Actor, cancellationToken);
        if (created is not null)
        {
            (NewKey, NewKeyName, NewKeyKind) = (created.Key, created.Row.Name, ApiKeyKinds.Browser);
            return RedirectToPage("/Admin/Customers/ApiKeys");
        }
        ModelState.AddModelError(error!.StartsWith("Give the key a name", StringComparison.Ordinal) ? "Input.Name" : "Input.Origins", error);
        Keys = await keys.ListAsync(TenantId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(TenantId, id, Actor, cancellationToken))
        {
            return NotFound();
        }
        StatusMessage = "API key revoked: requests with it now get 401.";
        return RedirectToPage("/Admin/Customers/ApiKeys");
    }
}
