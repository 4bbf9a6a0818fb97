using PowerMicro.ServiceDefaults;
using PowerMicro.ServiceDefaults.EventStore;
using PowerMicro.ServiceDefaults.Messaging;

const string service = "dispatch";

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(service);
builder.AddEventStore(service);
builder.AddServiceBus(service);

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
