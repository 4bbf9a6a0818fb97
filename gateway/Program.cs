using PowerMicro.Gateway;
using PowerMicro.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddDownstreamServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReverseProxy();
app.Run();

public partial class Program;
