using Comerix.Crm;
using Comerix.Crm.Data;

var builder = WebApplication.CreateBuilder(args);

var dataDirectory = builder.Configuration["data-dir"] ?? Path.Combine(builder.Environment.ContentRootPath, "App_Data");
builder.Services.AddComerixCrm(crm =>
{
    crm.DataDirectory = dataDirectory;
    crm.DatabaseProvider = builder.Configuration["database"] ?? CrmDatabaseProviders.Sqlite;
    crm.ConnectionString = builder.Configuration["connection"];
    builder.Configuration.GetSection("Crm:Resolution").Bind(crm.Resolution);
});

var app = builder.Build();
app.MapComerixCrm();
app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
