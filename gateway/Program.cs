using PowerMicro.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.Run();

public partial class Program;
